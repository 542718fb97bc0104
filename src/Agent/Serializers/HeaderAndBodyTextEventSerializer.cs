using System.Text;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Serializers;

/// <summary>Flume's <c>header_and_text</c> serializer: the header map as Java prints it (<c>{k=v, k2=v2}</c>), a space, the body, then <c>\n</c>.</summary>
public sealed class HeaderAndBodyTextEventSerializer : IEventSerializer
{
    private readonly Stream _out;
    private readonly bool _appendNewline;
    private readonly StringBuilder _headers = new();

    public HeaderAndBodyTextEventSerializer(Stream output, bool appendNewline)
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
        _headers.Clear().Append('{');
        if (e.HasHeaders)
        {
            var first = true;
            foreach (var (k, v) in e.Headers)
            {
                _headers.Append(first ? string.Empty : ", ").Append(k).Append('=').Append(v);
                first = false;
            }
        }
        _headers.Append("} ");
        _out.Write(Encoding.UTF8.GetBytes(_headers.ToString()));
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
