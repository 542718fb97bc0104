using FlumeNet.Agent.Core;
using NLog;

namespace FlumeNet.Agent.Processors;

/// <summary>
/// Flume's load_balance processor (reference §6.6): sinks are tried in selector order (round_robin or random) until one
/// delivers; with <c>backoff</c> a failed sink is skipped for <c>min(maxTimeOut, 1000·2^n)</c> ms.
/// </summary>
public sealed class LoadBalancingSinkProcessor : ISinkProcessor
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly ISink[] _sinks;
    private readonly bool _random;
    private readonly bool _backoff;
    private readonly long _maxTimeOutMs;
    private readonly Func<long> _clock;
    private readonly int[] _failures;
    private readonly long[] _skipUntil;
    private int _next;

    public LoadBalancingSinkProcessor(string name, IReadOnlyList<ISink> sinks, bool random, bool backoff, long maxTimeOutMs, Func<long>? clock = null)
    {
        Name = name;
        _sinks = [.. sinks];
        _random = random;
        _backoff = backoff;
        _maxTimeOutMs = maxTimeOutMs;
        _clock = clock ?? (() => Environment.TickCount64);
        _failures = new int[_sinks.Length];
        _skipUntil = new long[_sinks.Length];
        Sinks = _sinks;
    }

    public string Name { get; }

    public IReadOnlyList<ISink> Sinks { get; }

    public ProcessStatus Process()
    {
        var start = _random ? Random.Shared.Next(_sinks.Length) : _next;
        _next = (_next + 1) % _sinks.Length;
        var now = _clock();
        for (var k = 0; k < _sinks.Length; k++)
        {
            var i = (start + k) % _sinks.Length;
            if (_backoff && _skipUntil[i] > now)
            {
                continue;
            }
            try
            {
                var status = _sinks[i].Process();
                _failures[i] = 0;
                return status;
            }
            catch (EventDeliveryException ex)
            {
                _failures[i]++;
                if (_backoff)
                {
                    var penalty = Math.Min(_maxTimeOutMs, 1000L << Math.Min(_failures[i], 20));
                    _skipUntil[i] = now + penalty;
                }
                Log.Warn("Sink '{Sink}' of group '{Group}' failed: {Reason}", _sinks[i].Name, Name, ex.Message);
            }
        }
        throw new EventDeliveryException($"All sinks of group '{Name}' failed; the batch stays in the channel");
    }
}
