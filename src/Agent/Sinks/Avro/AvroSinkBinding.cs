using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Registry;
using NLog;

namespace FlumeNet.Agent.Sinks.Avro;

/// <summary>
/// Builds Flume's <c>avro</c> sink: as in <c>AbstractRpcSink</c> the RPC client gets <c>hosts = h1</c>,
/// <c>hosts.h1 = hostname:port</c>, then every key of the sink (so <c>client.type</c>, <c>hosts</c>, … override).
/// </summary>
public static class AvroSinkBinding
{
    public static readonly ComponentFactory Factory = new() { Sink = Create };

    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    /// <summary>Keys of the sink that are RPC client properties.</summary>
    internal static readonly string[] ClientKeys =
    [
        "client.type", "hosts", "batch-size", "connect-timeout", "request-timeout", "compression-type", "compression-level",
        "ssl", "trust-all-certs", "truststore", "truststore-password", "truststore-type", "exclude-protocols", "include-protocols",
        "exclude-cipher-suites", "include-cipher-suites", "max-attempts", "host-selector", "backoff", "maxBackoff", "protocol",
    ];

    public static ISink Create(BoundOptions o, IChannel channel)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (o.Raw("maxIoWorkers") is not null)
        {
            Log.Warn("Sink '{Sink}': maxIoWorkers is no longer supported and is ignored (as in Flume 1.11)", o.Name);
        }
        var config = RpcClientConfig.From(ClientProperties(o), o.Name);
        var connector = config.Kind == RpcClientKind.Thrift ? Thrift.ThriftRpcConnection.Connector(config) : AvroRpcConnection.Connector(config);
        return new RpcSink(o.Name, "avro", channel, config, connector, ResetInterval(o));
    }

    internal static Dictionary<string, string> ClientProperties(BoundOptions o)
    {
        var p = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["hosts"] = "h1",
            ["hosts.h1"] = $"{o.RequiredString("hostname")}:{o.GetInt("port", 0)}",
        };
        foreach (var key in ClientKeys)
        {
            if (o.Raw(key) is { } value)
            {
                p[key] = value;
            }
        }
        foreach (var (alias, value) in o.Sub("hosts."))
        {
            p["hosts." + alias] = value;
        }
        return p;
    }

    internal static TimeSpan ResetInterval(BoundOptions o) => TimeSpan.FromSeconds(Math.Max(0, o.GetLong("reset-connection-interval", 0)));
}
