using System.Text;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Serializers;

/// <summary>Flume's <c>header_and_text</c> serializer: the header map as Java prints it (<c>{k=v, k2=v2}</c>), a space, the body, then <c>\n</c>.</summary>
public sealed class HeaderAndBodyTextEventSerializer : IEventSerializer
{
    private readonly Stream _out;
    private readonly bool _appendNewline;
    private readonly StringBuilder _headers = new();
    private readonly List<string> _keys = [];
    private readonly List<string> _values = [];

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
            // Flume prints a java.util.HashMap: its iteration order, not the insertion order (audit F7).
            _keys.Clear();
            _values.Clear();
            foreach (var (k, v) in e.Headers)
            {
                _keys.Add(k);
                _values.Add(v);
            }
            var count = _keys.Count;
            Span<int> order = count <= 32 ? stackalloc int[count] : new int[count];
            Span<int> buckets = count <= 32 ? stackalloc int[count] : new int[count];
            for (var i = 0; i < count; i++)
            {
                order[i] = i;
            }
            FlumeNet.ConfigParser.JavaCompat.JavaHashMapOrder.Sort(_keys, order, buckets);
            for (var i = 0; i < count; i++)
            {
                _headers.Append(i == 0 ? string.Empty : ", ").Append(_keys[order[i]]).Append('=').Append(_values[order[i]]);
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
