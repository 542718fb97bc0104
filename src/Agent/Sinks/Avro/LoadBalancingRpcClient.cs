using FlumeNet.Agent.Core;
using NLog;

namespace FlumeNet.Agent.Sinks.Avro;

/// <summary>
/// Flume's <c>default_loadbalance</c> client (reference §1.10): each call picks hosts in <c>host-selector</c> order
/// (<c>round_robin</c> or <c>random</c>) and tries them until one accepts. With <c>backoff</c> a failed host is skipped
/// for a doubling time (1 s, 2 s, … up to <c>maxBackoff</c>, 30 s when 0), as Flume's OrderSelector does.
/// </summary>
public sealed class LoadBalancingRpcClient : RpcClient
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly IRpcConnection?[] _connections;
    private readonly long[] _restoreAt;
    private readonly int[] _failures;
    private int _next;

    public LoadBalancingRpcClient(RpcClientConfig config, RpcConnector connector)
        : base(config, connector)
    {
        ArgumentNullException.ThrowIfNull(config);
        _connections = new IRpcConnection?[config.Hosts.Count];
        _restoreAt = new long[config.Hosts.Count];
        _failures = new int[config.Hosts.Count];
    }

    public override string ToString() => $"loadbalance[{string.Join(' ', Config.Hosts)}]";

    protected override void Send(IReadOnlyList<FlumeEvent> events, int offset, int count, CancellationToken cancellationToken)
    {
        RpcDeliveryException? last = null;
        foreach (var i in Order())
        {
            try
            {
                if (_connections[i] is not { IsActive: true })
                {
                    _connections[i]?.Dispose();
                    _connections[i] = Connector(Config.Hosts[i], cancellationToken);
                }
                _connections[i]!.Send(events, offset, count, cancellationToken);
                _failures[i] = 0;
                return;
            }
            catch (RpcDeliveryException ex)
            {
                last = ex;
                _connections[i]?.Dispose();
                _connections[i] = null;
                MarkFailed(i);
                Log.Warn("Load-balancing RPC client: {Host} failed: {Reason}", Config.Hosts[i], ex.Message);
            }
        }
        throw new RpcDeliveryException(last is null ? "every host is backing off" : $"no host accepted the batch; last: {last.Message}", last!);
    }

    protected override void Dispose(bool disposing)
    {
        for (var i = 0; i < _connections.Length; i++)
        {
            Interlocked.Exchange(ref _connections[i], null)?.Dispose();
        }
    }

    private List<int> Order()
    {
        var now = Environment.TickCount64;
        var order = new List<int>(_connections.Length);
        var n = _connections.Length;
        var start = Config.RandomSelector ? 0 : _next;
        _next = (_next + 1) % n;
        for (var k = 0; k < n; k++)
        {
            var i = (start + k) % n;
            if (!Config.Backoff || _restoreAt[i] <= now)
            {
                order.Add(i);
            }
        }
        if (Config.RandomSelector)
        {
            Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(order));
        }
        return order;
    }

    private void MarkFailed(int i)
    {
        if (!Config.Backoff)
        {
            return;
        }
        var cap = Config.MaxBackoff > TimeSpan.Zero ? (long)Config.MaxBackoff.TotalMilliseconds : 30_000;
        _failures[i] = Math.Min(_failures[i] + 1, 30);
        var wait = Math.Min(cap, 1000L << Math.Min(_failures[i] - 1, 20));
        _restoreAt[i] = Environment.TickCount64 + wait;
    }
}
