using System.Text;

namespace FlumeNet.Agent.Core;

/// <summary>The text form of an event in logs.</summary>
public static class EventDump
{
    /// <summary>Flume's EventHelper.dumpEvent: headers as a Java map, then a hex and ASCII dump of up to 16 body bytes.</summary>
    public static string Format(FlumeEvent e, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(e);
        var sb = new StringBuilder("{ headers:{");
        if (e.HasHeaders)
        {
            var first = true;
            foreach (var (k, v) in e.Headers)
            {
                sb.Append(first ? string.Empty : ", ").Append(k).Append('=').Append(v);
                first = false;
            }
        }
        sb.Append("} body:");
        var n = Math.Min(e.Body.Length, maxBytes);
        if (n > 0)
        {
            sb.Append(' ');
            for (var i = 0; i < maxBytes; i++)
            {
                sb.Append(i < n ? $"{e.Body[i]:X2} " : "   ");
            }
            for (var i = 0; i < n; i++)
            {
                var b = e.Body[i];
                sb.Append(b >= 32 && b < 127 ? (char)b : '.');
            }
        }
        return sb.Append(" }").ToString();
    }
}
