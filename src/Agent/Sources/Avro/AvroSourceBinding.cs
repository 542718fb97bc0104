using System.Net;
using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
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
            Tls = o.GetBool("ssl", false) ? ServerTls(o) : null,
            IpFilter = filter,
        };
        return new AvroSource(o.Name, options, processor);
    }

    /// <summary>The source's keystore, or the FLUME_SSL_KEYSTORE_* environment fallback (reference flume §6.1, set A).</summary>
    internal static TlsServerSettings ServerTls(BoundOptions o)
    {
        var path = o.Raw("keystore") ?? Environment.GetEnvironmentVariable("FLUME_SSL_KEYSTORE_PATH");
        if (string.IsNullOrEmpty(path))
        {
            throw new FormatException("ssl = true needs keystore (or FLUME_SSL_KEYSTORE_PATH)");
        }
        var password = o.Raw("keystore-password") ?? Environment.GetEnvironmentVariable("FLUME_SSL_KEYSTORE_PASSWORD");
        try
        {
            return new TlsServerSettings(
                RpcTls.LoadKeyStore(path, password),
                RpcTls.Protocols(SpaceList(o, "include-protocols", "FLUME_SSL_INCLUDE_PROTOCOLS"), SpaceList(o, "exclude-protocols", "FLUME_SSL_EXCLUDE_PROTOCOLS")),
                RpcTls.CipherSuites(SpaceList(o, "include-cipher-suites", "FLUME_SSL_INCLUDE_CIPHERSUITES"), SpaceList(o, "exclude-cipher-suites", "FLUME_SSL_EXCLUDE_CIPHERSUITES")));
        }
        catch (FormatException ex)
        {
            throw new FormatException($"ssl: {ex.Message}", ex);
        }
    }

    /// <summary>Flume splits these lists on single spaces; the component's value wins over the environment fallback.</summary>
    internal static IReadOnlyList<string> SpaceList(BoundOptions o, string key, string environment)
    {
        var text = o.Raw(key) ?? Environment.GetEnvironmentVariable(environment) ?? (key == "exclude-protocols" ? "SSLv3" : null);
        return text is null ? [] : text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
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
