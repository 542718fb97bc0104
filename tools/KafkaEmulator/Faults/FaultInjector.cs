namespace FlumeNet.Tools.KafkaEmulator.Faults;

/// <summary>
/// Errors on demand: a rule answers the next <c>Count</c> matching requests (by API name and optionally topic) with an
/// error code, after an optional delay. Broker restarts and forced rebalances are actions of the control API.
/// </summary>
internal sealed class FaultInjector
{
    private readonly Lock _lock = new();
    private readonly List<FaultRule> _rules = [];

    public void Add(FaultRule rule)
    {
        lock (_lock)
        {
            _rules.Add(rule);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _rules.Clear();
        }
    }

    public List<FaultRule> Snapshot()
    {
        lock (_lock)
        {
            return [.. _rules];
        }
    }

    /// <summary>The rule that applies to this request (its count used up by one), or null.</summary>
    public FaultRule? Take(string api, string? topic)
    {
        lock (_lock)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var r = _rules[i];
                if (!string.Equals(r.Api, api, StringComparison.OrdinalIgnoreCase) && r.Api != "*")
                {
                    continue;
                }
                if (r.Topic is not null && topic is not null && r.Topic != topic)
                {
                    continue;
                }
                r.Remaining--;
                if (r.Remaining <= 0)
                {
                    _rules.RemoveAt(i);
                }
                return r;
            }
            return null;
        }
    }
}

internal sealed class FaultRule
{
    public required string Api { get; init; }

    public string? Topic { get; init; }

    public short Error { get; init; }

    public int DelayMs { get; init; }

    public int Remaining { get; set; } = 1;
}
