using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Hdfs.FileSystems;
using FlumeNet.Agent.Hdfs.Formats;
using FlumeNet.ConfigParser.Validation;
using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.Agent.Sinks.Hdfs;

/// <summary>Builds the HDFS sink from its validated options (hdfs-sink.md §1): filesystem from the path's scheme, writer from fileType/codeC/writeFormat/serializer.</summary>
public static class HdfsSinkBinding
{
    /// <summary>Where Hadoop's config is looked for first (the agent's <c>--conf</c> folder), set by the host.</summary>
    public const string ConfDirVariable = "FLUMENET_CONF_DIR";

    /// <summary>The agent's name (<c>-n</c>), set by the host; part of the sink's <see cref="WriterIdentity"/>.</summary>
    public const string AgentNameVariable = "FLUMENET_AGENT_NAME";

    public static ISink Create(BoundOptions o, IChannel channel)
    {
        ArgumentNullException.ThrowIfNull(o);
        var template = o.RequiredString("hdfs.path");
        var hadoop = HadoopConfig.Find(Environment.GetEnvironmentVariable(ConfDirVariable), Environment.GetEnvironmentVariable);
        var webHdfs = HadoopClientSettings.Apply(FileSystemResolver.DefaultWebHdfs(), hadoop) with
        {
            ProxyUser = o.Raw("hdfs.proxyUser"),
            // Flume logs in when either key is set (and fails when the other is missing).
            Kerberos = o.Raw("hdfs.kerberosPrincipal") is null && o.Raw("hdfs.kerberosKeytab") is null ? null
                : FlumeNet.Agent.Hdfs.Security.KerberosLogin.LogIn(o.Raw("hdfs.kerberosPrincipal"), o.Raw("hdfs.kerberosKeytab")),
            // Flume: callTimeout ≤ 0 waits forever.
            CallTimeout = o.GetLong("hdfs.callTimeout", 30000) is var ms and > 0 ? TimeSpan.FromMilliseconds(ms) : TimeSpan.FromDays(1),
        };
        var (fs, path) = FileSystemResolver.Resolve(template, hadoop, webHdfs);
        var codecName = o.Raw("hdfs.codeC");
        var codec = codecName is null ? null : CompressionCodecs.Resolve(codecName);
        var fileType = (o.GetString("hdfs.fileType") ?? "SequenceFile").ToLowerInvariant();
        var serializer = o.Serializer ?? (s => new Serializers.BodyTextEventSerializer(s, appendNewline: true));
        var writeFormat = o.GetString("hdfs.writeFormat") == "Text" ? SequenceFileWriteFormat.Text : SequenceFileWriteFormat.Writable;
        Func<IHdfsWriter> writers = fileType switch
        {
            "datastream" => () => new HdfsDataStreamWriter(serializer),
            "compressedstream" => () => new HdfsCompressedStreamWriter(codec ?? throw new InvalidOperationException("CompressedStream needs hdfs.codeC"), serializer),
            _ => () => new HdfsSequenceFileWriter(writeFormat, codec),
        };
        var callTimeoutMs = o.GetLong("hdfs.callTimeout", 30000);
        var closeTries = o.GetInt("hdfs.closeTries", 0);
        var retryInterval = o.GetLong("hdfs.retryInterval", 180);
        var inUseSuffix = o.GetBool("hdfs.emptyInUseSuffix", false) ? string.Empty : o.GetString("hdfs.inUseSuffix") ?? ".tmp";
        var roundUnit = BucketContext.ParseRoundUnit(o.GetString("hdfs.roundUnit"));
        // The spec default "Local Time" is display text: only a set value names a zone.
        var zoneId = o.Raw("hdfs.timeZone");
        var options = new HdfsSinkOptions
        {
            Path = path,
            FilePrefix = o.GetString("hdfs.filePrefix") ?? "FlumeData",
            FileSuffix = o.GetString("hdfs.fileSuffix") ?? string.Empty,
            InUsePrefix = o.GetString("hdfs.inUsePrefix") ?? string.Empty,
            InUseSuffix = inUseSuffix,
            RollIntervalMs = o.GetLong("hdfs.rollInterval", 30) * 1000,
            RollSize = o.GetLong("hdfs.rollSize", 1024),
            RollCount = o.GetLong("hdfs.rollCount", 10),
            IdleTimeoutMs = o.GetLong("hdfs.idleTimeout", 0) * 1000,
            BatchSize = Math.Max(1, o.GetInt("hdfs.batchSize", 100)),
            MaxOpenFiles = Math.Max(1, o.GetInt("hdfs.maxOpenFiles", 5000)),
            // Flume: closeTries ≤ 0 means retry forever; retryInterval ≤ 0 means a single attempt.
            CloseTries = retryInterval <= 0 ? 1 : closeTries <= 0 ? int.MaxValue : closeTries,
            RetryIntervalMs = retryInterval * 1000,
            UseLocalTimeStamp = o.GetBool("hdfs.useLocalTimeStamp", false),
            Round = o.GetBool("hdfs.round", false) && roundUnit is not null,
            RoundValue = o.GetInt("hdfs.roundValue", 1),
            RoundUnit = roundUnit ?? BucketRoundUnit.Second,
            TimeZone = zoneId is null ? null : JavaTimeZones.Find(zoneId) ?? throw new InvalidOperationException($"unknown hdfs.timeZone '{zoneId}'"),
            WriterFactory = writers,
            CodecExtension = codec?.DefaultExtension ?? string.Empty,
            WriterTag = WriterIdentity.Tag(HostName(), Environment.GetEnvironmentVariable(AgentNameVariable) ?? string.Empty, o.Name),
            CallTimeoutMs = callTimeoutMs > 0 ? callTimeoutMs : 30000,
            CompleteLength = CompleteLengthOf(fileType, codec, o.Raw("serializer"), o.Raw("serializer.appendNewline")),
        };
        var context = new BucketContext
        {
            TimeZone = options.TimeZone,
            Round = options.Round,
            RoundValue = options.RoundValue,
            RoundUnit = options.RoundUnit,
            UseLocalTimeStamp = options.UseLocalTimeStamp,
        };
        return new HdfsEventSink(o.Name, channel, options, fs,
            new BucketPathTemplate(BucketPath.Compile(path), context),
            new BucketPathTemplate(BucketPath.Compile(options.FilePrefix), context));
    }

    // How a crash leftover's torn tail is found (audit F2): lines for the text serializers that end each event with a
    // newline, records for SequenceFiles, members for gzip and zlib streams; null (published as .partial) otherwise.
    private static Func<byte[], long?>? CompleteLengthOf(string fileType, ICompressionCodec? codec, string? serializer, string? appendNewline)
    {
        switch (fileType)
        {
            case "datastream":
                var textual = serializer is null || serializer.ToUpperInvariant() is "TEXT" or "HEADER_AND_TEXT"
                    || serializer.StartsWith("org.apache.flume.serialization.BodyTextEventSerializer", StringComparison.Ordinal)
                    || serializer.StartsWith("org.apache.flume.serialization.HeaderAndBodyTextEventSerializer", StringComparison.Ordinal);
                return textual && !string.Equals(appendNewline, "false", StringComparison.OrdinalIgnoreCase) ? file => CompleteUnits.Lines(file) : null;
            case "compressedstream":
                return codec?.DefaultExtension switch
                {
                    ".gz" => file => CompleteUnits.GzipMembers(file),
                    ".deflate" => file => CompleteUnits.ZlibMembers(file),
                    _ => null,
                };
            default:
                return file => CompleteUnits.SequenceFile(file);
        }
    }

    private static string HostName()
    {
        try
        {
            return System.Net.Dns.GetHostName();
        }
        catch (System.Net.Sockets.SocketException)
        {
            return Environment.MachineName;
        }
    }
}
