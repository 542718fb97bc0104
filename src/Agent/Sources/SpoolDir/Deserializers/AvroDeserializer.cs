using Avro;
using Avro.File;
using Avro.Generic;
using Avro.IO;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Sources.SpoolDir.Deserializers;

/// <summary>
/// Flume's <c>AVRO</c> deserializer (reference §7.2): each datum of an Avro container file becomes one event whose body
/// is the datum in Avro binary with the writer schema, with header <c>flume.avro.schema.hash</c> (hex of the schema's
/// CRC-64-AVRO parsing fingerprint) or, with <c>schemaType = LITERAL</c>, <c>flume.avro.schema.literal</c>. Positions
/// are container blocks, as in Flume: a position is the start of the sync marker before the current block, so a
/// refused batch or a restart re-sends from the start of that block.
/// </summary>
internal sealed class AvroDeserializer : ISpoolDeserializer
{
    public const string HashHeader = "flume.avro.schema.hash";
    public const string LiteralHeader = "flume.avro.schema.literal";
    private const int SyncSize = 16;
    private readonly FileStream _file;
    private readonly IFileReader<object> _reader;
    private readonly GenericDatumWriter<object> _writer;
    private readonly MemoryStream _scratch = new();
    private readonly BinaryEncoder _encoder;
    private readonly string _headerKey;
    private readonly string _headerValue;

    /// <exception cref="InvalidDataException">The file is not an Avro container file.</exception>
    public AvroDeserializer(FileStream file, bool literalSchema)
    {
        _file = file;
        try
        {
            _reader = DataFileReader<object>.OpenReader(file, true);
        }
        catch (Exception ex) when (ex is AvroException or IOException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidDataException($"{file.Name} is not an Avro container file: {ex.Message}", ex);
        }
        var schema = _reader.GetSchema();
        _writer = new GenericDatumWriter<object>(schema);
        _encoder = new BinaryEncoder(_scratch);
        if (literalSchema)
        {
            _headerKey = LiteralHeader;
            _headerValue = schema.ToString();
        }
        else
        {
            _headerKey = HashHeader;
            _headerValue = Convert.ToHexStringLower(SchemaNormalization.ParsingFingerprint("CRC-64-AVRO", schema));
        }
    }

    public long Position => Math.Max(0, _reader.PreviousSync() - SyncSize);

    public void Seek(long position) => _reader.Sync(position);

    public void ReadEvents(int max, List<FlumeEvent> events)
    {
        try
        {
            while (events.Count < max && _reader.HasNext())
            {
                var datum = _reader.Next();
                _scratch.SetLength(0);
                _writer.Write(datum, _encoder);
                _encoder.Flush();
                var headers = new Dictionary<string, string>(1, StringComparer.Ordinal) { [_headerKey] = _headerValue };
                events.Add(new FlumeEvent(_scratch.ToArray(), headers));
            }
        }
        catch (AvroException ex)
        {
            throw new InvalidDataException($"{_file.Name}: {ex.Message}", ex);
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _file.Dispose();
    }
}
