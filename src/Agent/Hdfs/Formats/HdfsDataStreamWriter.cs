using FlumeNet.Agent.Core;
using FlumeNet.Agent.Serializers;

namespace FlumeNet.Agent.Hdfs.Formats;

/// <summary>Flume's <c>DataStream</c> file type: the serializer's output, uncompressed and unframed (reference §4.4).</summary>
public sealed class HdfsDataStreamWriter : IHdfsWriter
{
    private readonly Func<Stream, IEventSerializer> _serializerFactory;
    private Stream? _output;
    private OutputBuffer? _buffer;
    private IEventSerializer? _serializer;

    public HdfsDataStreamWriter(Func<Stream, IEventSerializer> serializerFactory)
    {
        ArgumentNullException.ThrowIfNull(serializerFactory);
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
        _serializer = _serializerFactory(_buffer);
        _serializer.AfterCreate();
    }

    public void Append(FlumeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        Serializer.Write(e);
        BytesWritten += e.Body.Length;
    }

    public void Sync()
    {
        Serializer.Flush();
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
            _buffer.Drain();
            _output.Flush();
        }
        finally
        {
            _buffer.Dispose();
            _buffer = null;
            _serializer = null;
        }
    }

    private IEventSerializer Serializer => _serializer ?? throw new InvalidOperationException("The writer is not open.");
}
