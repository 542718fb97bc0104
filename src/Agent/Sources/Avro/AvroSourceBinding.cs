using System.Net;
using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Net;
using FlumeNet.Agent.Registry;

namespace FlumeNet.Agent.Sources.Avro;

/// <summary>Builds an avro source from its validated options; bad TLS stores and ipFilterRules drop it, as in Flume.</summary>
public static class AvroSourceBinding
{
    public static readonly ComponentFactory Factory = new() { Source = Create };

    public static AvroSource Create(BoundOptions o, ChannelProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(o);
        var bind = o.RequiredString("bind");
        IpFilterRules? filter = null;
        if (o.GetBool("ipFilter", false))
        {
            var rules = o.GetString("ipFilterRules");
            if (string.IsNullOrWhiteSpace(rules))
            {
                throw new FormatException("ipFilter = true needs ipFilterRules (e.g. allow:ip:127.*,deny:ip:*)");
            }
            try
            {
                filter = IpFilterRules.Parse(rules);
            }
            catch (FormatException ex)
            {
                throw new FormatException($"ipFilterRules: {ex.Message}", ex);
            }
        }
        var options = new AvroSourceOptions(bind, ResolveBind(bind), o.GetInt("port", 0))
        {
            Deflate = string.Equals(o.GetString("compression-type"), "deflate", StringComparison.OrdinalIgnoreCase),
            Tls = Tls(o),
            IpFilter = filter,
        };
        return new AvroSource(o.Name, options, processor);
    }

    /// <summary>The source's TLS settings when <c>ssl</c> is true (store loaded now, so a bad store drops the source), else null.</summary>
    internal static TlsServerSettings? Tls(BoundOptions o)
    {
        if (ServerTls.Bind(o) is not { } tls)
        {
            return null;
        }
        try
        {
            return ServerTls.Load(tls);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"ssl: {ex.Message}", ex);
        }
    }

    private static IPAddress ResolveBind(string bind)
    {
        if (bind is "0.0.0.0" or "")
        {
            return IPAddress.Any;
        }
        if (IPAddress.TryParse(bind, out var ip))
        {
            return ip;
        }
        try
        {
            return Dns.GetHostAddresses(bind)[0];
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new FormatException($"bind: '{bind}' does not resolve: {ex.Message}", ex);
        }
    }
}
