using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Registry.Specs;

/// <summary>The HDFS sink (reference hdfs-sink.md §1). Writes go over WebHDFS, or to local disk for file:// paths.</summary>
public static class HdfsSinkSpec
{
    public static readonly ComponentSpec Hdfs = new(
        ComponentKind.Sink,
        ["hdfs"],
        ["org.apache.flume.sink.hdfs.HDFSEventSink"],
        "Writes events into files on HDFS (or local disk), bucketed by path escapes and rolled by time, size or count.",
        [
            Opt.Str("hdfs.path", null, "Directory to write to; may hold a scheme (hdfs://, webhdfs://, file://) and escapes.") with
            {
                Required = true,
            },
            Opt.Str("hdfs.filePrefix", "FlumeData", "File name prefix; escapes allowed, may contain /."),
            Opt.Str("hdfs.fileSuffix", "", "File name suffix, taken literally; replaces the codec extension."),
            Opt.Str("hdfs.inUsePrefix", "", "Prefix of a file's name while it is open."),
            Opt.Str("hdfs.inUseSuffix", ".tmp", "Suffix of a file's name while it is open."),
            Opt.Bool("hdfs.emptyInUseSuffix", "false", "Use no in-use suffix at all (overrides hdfs.inUseSuffix)."),
            Opt.Long("hdfs.rollInterval", "30", "Seconds after a file's first event before it is rolled (0 = never)."),
            Opt.Long("hdfs.rollSize", "1024", "Bytes of event bodies after which a file is rolled (0 = never)."),
            Opt.Long("hdfs.rollCount", "10", "Events after which a file is rolled (0 = never)."),
            Opt.Int("hdfs.idleTimeout", "0", "Seconds without writes after which a file is closed (0 = never)."),
            Opt.Long("hdfs.batchSize", "100", "Events taken per transaction and written before a flush.", min: 1),
            Opt.Enum("hdfs.codeC", null, "Compression codec (required by CompressedStream, refused by DataStream).",
                "gzip", "bzip2", "deflate", "default", "snappy", "lz4", "zstandard", "lzo", "lzop",
                "GzipCodec", "BZip2Codec", "DeflateCodec", "DefaultCodec", "SnappyCodec", "Lz4Codec", "ZStandardCodec",
                "org.apache.hadoop.io.compress.GzipCodec", "org.apache.hadoop.io.compress.BZip2Codec",
                "org.apache.hadoop.io.compress.DeflateCodec", "org.apache.hadoop.io.compress.DefaultCodec",
                "org.apache.hadoop.io.compress.SnappyCodec", "org.apache.hadoop.io.compress.Lz4Codec",
                "org.apache.hadoop.io.compress.ZStandardCodec") with
            {
                AcceptsClassName = true,
            },
            Opt.Enum("hdfs.fileType", "SequenceFile", "File format.", "SequenceFile", "DataStream", "CompressedStream"),
            Opt.Int("hdfs.maxOpenFiles", "5000", "Most files open at once; the least recently used is closed first."),
            Opt.Int("hdfs.minBlockReplicas", null, "Roll when a block has fewer live replicas (file system default when unset).", min: 0) with
            {
                IgnoredBecause = "block replica counts are not visible over WebHDFS",
            },
            Opt.Enum("hdfs.writeFormat", "Writable", "SequenceFile value type: BytesWritable or Text (use Text for Hive).",
                "Writable", "Text") with
            {
                ChoicesCaseSensitive = true,
                AcceptsClassName = true,
                // Only the SequenceFile writer reads it (Flume's HDFSSequenceFile); DataStream never looks.
                OnlyReadWhen = new("hdfs.fileType", "SequenceFile", ["SequenceFile"]),
            },
            Opt.Prefix("writeFormat.", "Passed to a custom SequenceFile serializer builder (unused by Writable and Text)."),
            // Honoured: it caps the HDFS calls in flight at once, which is what the Java thread pool bounds.
            Opt.Int("hdfs.threadsPoolSize", "10", "Most HDFS calls in flight at once.", min: 1),
            Opt.Int("hdfs.rollTimerPoolSize", "1", "Threads for roll, idle and retry timers.") with
            {
                IgnoredBecause = "timers run on .NET's shared timer queue, which needs no dedicated threads",
            },
            Opt.Str("hdfs.kerberosPrincipal", null, "Kerberos principal (SPNEGO to WebHDFS, then delegation tokens); _HOST becomes the local host name."),
            Opt.Path("hdfs.kerberosKeytab", null, "Keytab of the Kerberos principal (its path may be logged, never its contents)."),
            Opt.Str("hdfs.proxyUser", null, "User all HDFS calls act as (WebHDFS doas)."),
            Opt.Bool("hdfs.round", "false", "Round the event time down before expanding time escapes."),
            Opt.Int("hdfs.roundValue", "1", "Round down to this many units: 1-60 for second and minute, 1-24 for hour."),
            Opt.Str("hdfs.roundUnit", "second", "Unit of hdfs.roundValue: second, minute or hour (anything else turns rounding off)."),
            Opt.Str("hdfs.timeZone", "Local Time", "Time zone of time escapes, a Java time zone ID."),
            Opt.Bool("hdfs.useLocalTimeStamp", "false", "Use the agent clock instead of the timestamp header for escapes."),
            Opt.Int("hdfs.closeTries", "0", "Most close and rename attempts per file (0 or less = retry forever)."),
            Opt.Long("hdfs.retryInterval", "180", "Seconds between close and rename retries (0 or less = try once)."),
            Opt.Long("hdfs.callTimeout", "30000", "Milliseconds allowed for each HDFS call (deprecated in the docs, still used)."),
            Opt.Bool("hdfs.useRawLocalFileSystem", "false", "For file:// paths: write without checksum side files (undocumented)."),
            Opt.Str("hdfs.serializer", null, "Mistaken form of serializer.") with
            {
                IgnoredBecause = "the serializer key has no hdfs. prefix: write serializer = …; Flume ignores this one too",
            },
        ])
    {
        BatchSizeKey = "hdfs.batchSize",
        Slots = [new SubComponentSlot("serializer", "serializer.", ComponentKind.Serializer, "TEXT") { LoadedAtStart = "every file it opens (the events stay in the channel)" }],
    };
}
