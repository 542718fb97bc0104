using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Registry.Specs;

/// <summary>Event serializers: the hdfs sink's <c>serializer</c> and file_roll's <c>sink.serializer</c> (reference §6.7, hdfs-sink.md §5).</summary>
public static class SerializerSpecs
{
    private const string AvroCodecText = "Avro block codec: null, deflate, snappy, bzip2 or zstandard (xz is refused; unknown names mean null).";

    // Flume (Avro's CodecFactory) also writes xz; no XZ encoder for .NET is at hand, and writing uncompressed instead
    // would surprise whoever reads the files.
    private static readonly Dictionary<string, string> AvroRefusedCodecs = new(StringComparer.Ordinal)
    {
        ["xz"] = "no XZ encoder is available to this agent; use zstandard (smaller and faster), bzip2, deflate or snappy, which every Avro reader reads",
    };

    public static readonly ComponentSpec Text = new(
        ComponentKind.Serializer,
        ["text"],
        ["org.apache.flume.serialization.BodyTextEventSerializer$Builder"],
        "Writes each event's body, then a newline (the default).",
        [
            Opt.Bool("appendNewline", "true", "Write a newline after each body."),
        ]);

    public static readonly ComponentSpec HeaderAndText = new(
        ComponentKind.Serializer,
        ["header_and_text"],
        ["org.apache.flume.serialization.HeaderAndBodyTextEventSerializer$Builder"],
        "Writes the headers as {k=v, ...}, a space, the body, then a newline.",
        [
            Opt.Bool("appendNewline", "true", "Write a newline after each event."),
        ]);

    public static readonly ComponentSpec AvroEvent = new(
        ComponentKind.Serializer,
        ["avro_event"],
        ["org.apache.flume.serialization.FlumeEventAvroEventSerializer$Builder"],
        "Writes an Avro container file of records holding each event's headers and body.",
        [
            Opt.Int("syncIntervalBytes", "2048000", "Bytes per Avro block."),
            Opt.Str("compressionCodec", "null", AvroCodecText) with { RefusedValues = AvroRefusedCodecs },
        ]);

    public static readonly ComponentSpec HdfsAvro = new(
        ComponentKind.Serializer,
        [],
        ["org.apache.flume.sink.hdfs.AvroEventSerializer$Builder"],
        "Writes bodies that are already Avro-encoded into an Avro container file, with the schema from a header or schemaURL.",
        [
            Opt.Int("syncIntervalBytes", "2048000", "Bytes per Avro block."),
            Opt.Str("compressionCodec", "null", AvroCodecText) with { RefusedValues = AvroRefusedCodecs },
            Opt.Str("schemaURL", null, "URL of the schema when events carry no schema header."),
        ]);
}
