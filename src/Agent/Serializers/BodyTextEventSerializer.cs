using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Serializers;

/// <summary>Flume's <c>text</c> serializer: the body bytes, then <c>\n</c> when <c>appendNewline</c> (default true).</summary>
public sealed class BodyTextEventSerializer : IEventSerializer
{
    private readonly Stream _out;
    private readonly bool _appendNewline;

    public BodyTextEventSerializer(Stream output, bool appendNewline)
    {
        _out = output;
        _appendNewline = appendNewline;
    }

    public void AfterCreate()
    {
    }

    public void Write(FlumeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        _out.Write(e.Body);
        if (_appendNewline)
        {
            _out.WriteByte((byte)'\n');
        }
    }

    public void Flush()
    {
    }

    public void BeforeClose()
    {
    }
}
