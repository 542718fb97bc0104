using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Registry.Specs;

/// <summary>Sources that read local files: spooling directory (reference part 2 §7.1) and taildir (§6.1).</summary>
public static class FileSourceSpecs
{
    public static readonly ComponentSpec SpoolDir = new(
        ComponentKind.Source,
        ["spooldir"],
        ["org.apache.flume.source.SpoolDirectorySource"],
        "Reads immutable files dropped into a directory, then renames (or deletes) each finished file.",
        [
            Opt.Path("spoolDir", null, "The directory to read files from.") with { Required = true },
            Opt.Str("fileSuffix", ".COMPLETED", "Suffix appended to a file once it is fully read."),
            Opt.Enum("deletePolicy", "never", "Delete finished files instead of renaming them.", "never", "immediate") with
            {
                CheckedAtStart = "opening the directory reader",
            },
            Opt.Bool("fileHeader", "false", "Add a header with the file's absolute path."),
            Opt.Str("fileHeaderKey", "file", "Name of the path header."),
            Opt.Bool("basenameHeader", "false", "Add a header with the file's name."),
            Opt.Str("basenameHeaderKey", "basename", "Name of the file-name header."),
            Opt.Str("includePattern", "^.*$", "Regex of file names to read."),
            Opt.Str("ignorePattern", "^$", "Regex of file names to skip (wins over includePattern)."),
            Opt.Path("trackerDir", ".flumespool", "Directory for metadata, relative to spoolDir unless absolute."),
            Opt.Enum("trackingPolicy", "rename", "How finished files are marked.", "rename", "tracker_dir"),
            Opt.Enum("consumeOrder", "oldest", "Which file to read next.", "oldest", "youngest", "random"),
            Opt.Int("pollDelay", "500", "Milliseconds between directory scans."),
            Opt.Bool("recursiveDirectorySearch", "false", "Also read files in sub-directories."),
            Opt.Int("maxBackoff", "4000", "Longest wait when the channel is full, in milliseconds."),
            Opt.Int("batchSize", "100", "Events per channel transaction."),
            Opt.Str("inputCharset", "UTF-8", "Character set of the files."),
            Opt.Enum("decodeErrorPolicy", "FAIL", "What to do with bytes that do not decode.", "FAIL", "REPLACE", "IGNORE"),
            Opt.Enum("deserializer", "LINE", "How a file is split into events.",
                "LINE", "AVRO", "org.apache.flume.serialization.LineDeserializer$Builder",
                "org.apache.flume.serialization.AvroEventDeserializer$Builder",
                "org.apache.flume.sink.solr.morphline.BlobDeserializer$Builder") with
            {
                AcceptsClassName = true,
            },
            Opt.Int("deserializer.maxLineLength", "2048", "LINE: longest line; longer lines are split into several events."),
            Opt.Str("deserializer.outputCharset", "UTF-8", "LINE: character set of the event bodies."),
            Opt.Enum("deserializer.schemaType", "HASH", "AVRO: put the schema's hash or the whole schema in a header.", "HASH", "LITERAL"),
            Opt.Long("deserializer.maxBlobLength", "100000000", "BlobDeserializer: the longest file read as one event, in bytes.", min: 1),
            Opt.Int("bufferMaxLines", null, "Obsolete.") with { IgnoredBecause = "obsolete; Flume ignores it too" },
            Opt.Int("bufferMaxLineLength", null, "Old name of deserializer.maxLineLength; when set it overrides it (LINE only).") with
            {
                DeprecatedBy = "use deserializer.maxLineLength",
            },
        ])
    {
        BatchSizeKey = "batchSize",
    };

    public static readonly ComponentSpec Taildir = new(
        ComponentKind.Source,
        ["taildir"],
        ["org.apache.flume.source.taildir.TaildirSource"],
        "Follows files matching patterns, one event per line, remembering positions in a JSON file.",
        [
            Opt.List("filegroups", null, "Names of the file groups, space-separated.") with { Required = true },
            Opt.Prefix("filegroups.", "filegroups.<group> = absolute path of the files; a regex is allowed in the file-name part.") with
            {
                Validate = SpecChecks.FileNameRegexProblem,
                CheckedAtStart = "matching the files of the group",
            },
            Opt.Path("positionFile", "~/.flume/taildir_position.json", "JSON file holding the inode, path and position of each file."),
            Opt.Prefix("headers.", "headers.<group>.<header> = value added to every event of that group."),
            Opt.Bool("byteOffsetHeader", "false", "Add the line's byte offset as header byteoffset."),
            Opt.Bool("skipToEnd", "false", "Start files not in the position file at their end."),
            Opt.Int("idleTimeout", "120000", "Close a file not written for this many milliseconds."),
            Opt.Int("writePosInterval", "3000", "Milliseconds between writes of the position file."),
            Opt.Int("batchSize", "100", "Lines per channel transaction."),
            Opt.Long("maxBatchCount", "Long.MAX_VALUE", "Most consecutive batches read from one file before moving on."),
            .. SharedOptions.PollableBackoff(),
            Opt.Bool("cachePatternMatching", "true", "Cache the list of matching files per directory."),
            Opt.Bool("fileHeader", "false", "Add a header with the file's absolute path."),
            Opt.Str("fileHeaderKey", "file", "Name of the path header."),
        ])
    {
        BatchSizeKey = "batchSize",
    };
}
