using System.Text;
using System.Text.RegularExpressions;
using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Registry;
using FlumeNet.Agent.Sources.SpoolDir.Deserializers;
using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.Agent.Sources.SpoolDir;

/// <summary>Builds a <see cref="SpoolDirSource"/> from its validated keys.</summary>
public static class SpoolDirSourceBinding
{
    public static readonly ComponentFactory Factory = new() { Source = Create };

    /// <exception cref="ArgumentException">A pattern or charset is invalid, or the deserializer is a class this agent cannot load.</exception>
    public static ILifecycleComponent Create(BoundOptions o, ChannelProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new SpoolDirSource(o.Name, Bind(o), processor);
    }

    internal static SpoolDirSourceOptions Bind(BoundOptions o)
    {
        var spoolDir = o.RequiredString("spoolDir");
        if (spoolDir.Length > 1)
        {
            spoolDir = spoolDir.TrimEnd('/');
        }
        var trackerDir = o.GetString("trackerDir") ?? ".flumespool";
        var deserializer = (o.GetString("deserializer") ?? "LINE").Trim() switch
        {
            var d when d.Equals("LINE", StringComparison.OrdinalIgnoreCase) || d == "org.apache.flume.serialization.LineDeserializer$Builder" => SpoolDeserializerKind.Line,
            var d when d.Equals("AVRO", StringComparison.OrdinalIgnoreCase) || d == "org.apache.flume.serialization.AvroEventDeserializer$Builder" => SpoolDeserializerKind.Avro,
            "org.apache.flume.sink.solr.morphline.BlobDeserializer$Builder" => SpoolDeserializerKind.Blob,
            var d => throw new ArgumentException($"deserializer: '{d}' is a class this agent cannot load (use LINE, AVRO or org.apache.flume.sink.solr.morphline.BlobDeserializer$Builder)"),
        };
        var maxLineLength = o.GetInt("deserializer.maxLineLength", 2048);
        if (deserializer == SpoolDeserializerKind.Line && o.Raw("bufferMaxLineLength") is not null)
        {
            // Flume: the deprecated key, when set, overrides deserializer.maxLineLength.
            maxLineLength = o.GetInt("bufferMaxLineLength", maxLineLength);
        }
        var maxBlob = o.GetLong("deserializer.maxBlobLength", 100_000_000);
        if (maxBlob <= 0)
        {
            throw new ArgumentException($"deserializer.maxBlobLength: {maxBlob} must be greater than 0");
        }
        var input = InputCharset(o.GetString("inputCharset") ?? "UTF-8", o.GetString("decodeErrorPolicy") ?? "FAIL");
        if (deserializer == SpoolDeserializerKind.Line && !LineDeserializer.IsAsciiCompatible(input))
        {
            throw new ArgumentException($"inputCharset: '{o.GetString("inputCharset")}' is not ASCII-compatible; this agent's LINE deserializer splits lines on the byte \\n (UTF-8, ISO-8859-x, GBK… work)");
        }
        return new SpoolDirSourceOptions
        {
            SpoolDir = spoolDir,
            FileSuffix = o.GetString("fileSuffix") ?? ".COMPLETED",
            DeleteImmediately = string.Equals(o.GetString("deletePolicy"), "immediate", StringComparison.OrdinalIgnoreCase),
            FileHeaderKey = o.GetBool("fileHeader", false) ? o.GetString("fileHeaderKey") ?? "file" : null,
            BasenameHeaderKey = o.GetBool("basenameHeader", false) ? o.GetString("basenameHeaderKey") ?? "basename" : null,
            IncludePattern = Pattern(o, "includePattern", "^.*$"),
            IgnorePattern = Pattern(o, "ignorePattern", "^$"),
            TrackerDir = Path.IsPathRooted(trackerDir) ? trackerDir : Path.Combine(Path.GetFullPath(spoolDir), trackerDir),
            TrackingPolicy = string.Equals(o.GetString("trackingPolicy"), "tracker_dir", StringComparison.OrdinalIgnoreCase)
                ? SpoolTrackingPolicy.TrackerDir : SpoolTrackingPolicy.Rename,
            ConsumeOrder = (o.GetString("consumeOrder") ?? "oldest").ToUpperInvariant() switch
            {
                "YOUNGEST" => SpoolConsumeOrder.Youngest,
                "RANDOM" => SpoolConsumeOrder.Random,
                _ => SpoolConsumeOrder.Oldest,
            },
            PollDelay = TimeSpan.FromMilliseconds(Math.Max(1, o.GetInt("pollDelay", 500))),
            RecursiveDirectorySearch = o.GetBool("recursiveDirectorySearch", false),
            MaxBackoff = TimeSpan.FromMilliseconds(Math.Max(250, o.GetInt("maxBackoff", 4000))),
            BatchSize = Math.Max(1, o.GetInt("batchSize", 100)),
            Deserializer = deserializer,
            InputCharset = input,
            OutputCharset = JavaCharsets.ForName(o.GetString("deserializer.outputCharset") ?? "UTF-8"),
            MaxLineLength = Math.Max(1, maxLineLength),
            AvroLiteralSchema = string.Equals(o.GetString("deserializer.schemaType"), "LITERAL", StringComparison.OrdinalIgnoreCase),
            MaxBlobLength = maxBlob,
        };
    }

    private static Regex Pattern(BoundOptions o, string key, string fallback)
    {
        var java = o.GetString(key) ?? fallback;
        try
        {
            // Java's matches(): the whole name.
            return new Regex(@"\A(?:" + JavaRegex.Translate(java).Pattern + @")\z", RegexOptions.CultureInvariant);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"{key}: '{java}' is not a valid regex: {ex.Message}", ex);
        }
    }

    private static Encoding InputCharset(string name, string policy)
    {
        Encoding charset;
        try
        {
            charset = (Encoding)JavaCharsets.ForName(name).Clone();
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"inputCharset: {ex.Message}", ex);
        }
        charset.DecoderFallback = policy.ToUpperInvariant() switch
        {
            "REPLACE" => new DecoderReplacementFallback("\uFFFD"),
            "IGNORE" => new DecoderReplacementFallback(string.Empty),
            _ => DecoderFallback.ExceptionFallback,
        };
        return charset;
    }
}
