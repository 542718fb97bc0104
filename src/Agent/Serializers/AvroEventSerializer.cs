using Avro;
using Avro.File;
using Avro.Generic;
using Avro.IO;
using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using NLog;

namespace FlumeNet.Agent.Serializers;

/// <summary>
/// Flume's <c>avro_event</c> serializer (FlumeEventAvroEventSerializer): an Avro object container file of records
/// <c>{headers: map&lt;string&gt;, body: bytes}</c>, in blocks of about <c>syncIntervalBytes</c>, compressed with
/// <c>compressionCodec</c>. <see cref="Flush"/> ends the current block, as Flume's flush of its DataFileWriter does.
/// The stream is the caller's: it is never closed here.
/// </summary>
public sealed class AvroEventSerializer : IEventSerializer
{
    /// <summary>The schema exactly as Flume writes it into the file's <c>avro.schema</c> (record <c>Event</c>, no namespace).</summary>
    public const string SchemaJson =
        """{"type":"record","name":"Event","fields":[{"name":"headers","type":{"type":"map","values":"string"}},{"name":"body","type":"bytes"}]}""";

    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly Schema EventSchema = Schema.Parse(SchemaJson);
    private readonly IFileWriter<FlumeEvent> _writer;

    public AvroEventSerializer(Stream output, int syncIntervalBytes, string codec)
    {
        _writer = DataFileWriter<FlumeEvent>.OpenWriter(new EventDatumWriter(), output, CreateCodec(codec), leaveOpen: true);
        // Avro accepts 32 bytes to 1 GiB.
        _writer.SetSyncInterval(Math.Clamp(syncIntervalBytes, 32, 1 << 30));
    }

    public static Func<Stream, IEventSerializer> Create(BoundOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var syncInterval = o.GetInt("syncIntervalBytes", 2048000);
        var codec = SupportedCodec(o.GetString("compressionCodec") ?? "null", o.Name);
        return stream => new AvroEventSerializer(stream, syncInterval, codec);
    }

    /// <summary>
    /// The codec name to use: the configured one if supported; a name Flume knows but this agent cannot write (xz) is
    /// refused (--check says so from the spec); an unknown name means no compression with a warning, as in Flume.
    /// </summary>
    public static string SupportedCodec(string name, string component)
    {
        if (name is "null" or "deflate" or AvroSnappyCodec.Name or AvroBZip2Codec.Name or AvroZstandardCodec.Name)
        {
            return name;
        }
        if (name == "xz")
        {
            throw new NotSupportedException($"Serializer of '{component}': compressionCodec 'xz' is not supported by this agent; use zstandard, bzip2, deflate or snappy");
        }
        Log.Warn("Serializer of '{Component}': Avro codec '{Codec}' is not supported; writing without compression", component, name);
        return "null";
    }

    public void AfterCreate() => _writer.Flush();

    public void Write(FlumeEvent e) => _writer.Append(e);

    public void Flush() => _writer.Flush();

    public void BeforeClose() => _writer.Flush();

    private static Codec CreateCodec(string name) => name switch
    {
        "deflate" => Codec.CreateCodec(Codec.Type.Deflate),
        AvroSnappyCodec.Name => new AvroSnappyCodec(),
        AvroBZip2Codec.Name => new AvroBZip2Codec(),
        AvroZstandardCodec.Name => new AvroZstandardCodec(),
        _ => Codec.CreateCodec(Codec.Type.Null),
    };

    // Writes an event straight into the record's encoding, without building a generic record per event.
    private sealed class EventDatumWriter : DatumWriter<FlumeEvent>
    {
        public Schema Schema => EventSchema;

        public void Write(FlumeEvent datum, Encoder encoder)
        {
            encoder.WriteMapStart();
            if (datum.HasHeaders)
            {
                var headers = datum.Headers;
                encoder.SetItemCount(headers.Count);
                foreach (var (key, value) in headers)
                {
                    encoder.StartItem();
                    encoder.WriteString(key);
                    encoder.WriteString(value);
                }
            }
            encoder.WriteMapEnd();
            encoder.WriteBytes(datum.Body);
        }
    }
}
