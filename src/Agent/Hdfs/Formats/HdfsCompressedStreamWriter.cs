using FlumeNet.Agent.Core;
using FlumeNet.Agent.Serializers;

namespace FlumeNet.Agent.Hdfs.Formats;

/// <summary>
/// Flume's <c>CompressedStream</c> file type (reference §4.5): the serializer writes through the codec, and every
/// <see cref="Sync"/> finishes the current compressed member, so the file is a concatenation of one member per batch.
/// Like Flume's HDFSCompressedDataStream, a file opened and closed without a sync still ends with one (possibly
/// empty) member, and a sync with nothing appended since the last one writes nothing.
/// </summary>
public sealed class HdfsCompressedStreamWriter : IHdfsWriter
{
    private readonly ICompressionCodec _codec;
    private readonly Func<Stream, IEventSerializer> _serializerFactory;
    private Stream? _output;
    private OutputBuffer? _buffer;
    private CompressionOutputStream? _compressed;
    private IEventSerializer? _serializer;
    private bool _finished;

    public HdfsCompressedStreamWriter(ICompressionCodec codec, Func<Stream, IEventSerializer> serializerFactory)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(serializerFactory);
        _codec = codec;
        _serializerFactory = serializerFactory;
    }

    public long BytesWritten { get; private set; }

    public void Open(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_output is not null)
        {
            throw new InvalidOperationException("The writer is already open.");
        }
        _output = output;
        _buffer = new OutputBuffer(output);
        _compressed = _codec.CreateOutputStream(_buffer);
        _serializer = _serializerFactory(_compressed);
        _finished = false;
        _serializer.AfterCreate();
    }

    public void Append(FlumeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var serializer = Serializer;
        _finished = false;
        serializer.Write(e);
        BytesWritten += e.Body.Length;
    }

    public void Sync()
    {
        Serializer.Flush();
        FinishMember();
        _buffer!.Drain();
    }

    public void Close()
    {
        if (_output is null || _buffer is null)
        {
            return;
        }
        try
        {
            Serializer.Flush();
            Serializer.BeforeClose();
            FinishMember();
            _buffer.Drain();
            _output.Flush();
        }
        finally
        {
            _compressed!.Dispose();
            _buffer.Dispose();
            _compressed = null;
            _buffer = null;
            _serializer = null;
        }
    }

    private IEventSerializer Serializer => _serializer ?? throw new InvalidOperationException("The writer is not open.");

    // Bytes a serializer wrote after a sync without an append (a trailer at close) still get their member.
    private void FinishMember()
    {
        if (!_finished || _compressed!.HasUnfinishedData)
        {
            _compressed!.Finish();
            _finished = true;
        }
    }
}
