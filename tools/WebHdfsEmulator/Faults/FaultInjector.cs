using FlumeNet.Tools.WebHdfsEmulator.Protocol;

namespace FlumeNet.Tools.WebHdfsEmulator.Faults;

/// <summary>The queue of armed fault rules. The oldest matching rule acts first; a used-up rule disappears.</summary>
internal sealed class FaultInjector
{
    private readonly Lock _lock = new();
    private readonly List<ArmedRule> _rules = [];

    public void Add(FaultRule rule)
    {
        Validate(rule);
        lock (_lock)
        {
            _rules.Add(new ArmedRule(rule, rule.Count));
        }
    }

    public int Clear()
    {
        lock (_lock)
        {
            var count = _rules.Count;
            _rules.Clear();
            return count;
        }
    }

    public IReadOnlyList<PendingFault> Pending()
    {
        lock (_lock)
        {
            return _rules.Select(r => new PendingFault(r.Rule, r.Remaining)).ToList();
        }
    }

    /// <summary>Consumes one use of the first rule matching this request, if any.</summary>
    public FaultRule? TryTake(string op, string path, NodeRole role)
    {
        lock (_lock)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var armed = _rules[i];
                var rule = armed.Rule;
                if (rule.EffectiveRole != role
                    || (rule.Op != "*" && !rule.Op.Equals(op, StringComparison.OrdinalIgnoreCase))
                    || (rule.Path is not null && !path.Contains(rule.Path, StringComparison.Ordinal)))
                {
                    continue;
                }
                armed.Remaining--;
                if (armed.Remaining == 0)
                {
                    _rules.RemoveAt(i);
                }
                return rule;
            }
            return null;
        }
    }

    private static void Validate(FaultRule rule)
    {
        if (rule.Count < 1)
        {
            throw new ArgumentException($"count must be at least 1 (got {rule.Count})", nameof(rule));
        }
        if (rule.DelayMs < 0)
        {
            throw new ArgumentException($"delayMs must not be negative (got {rule.DelayMs})", nameof(rule));
        }
        if (rule.Kind == FaultKind.Status && rule.Status is < 400 or > 599)
        {
            throw new ArgumentException($"status must be an error status 400-599 (got {rule.Status})", nameof(rule));
        }
        if (string.IsNullOrWhiteSpace(rule.Op))
        {
            throw new ArgumentException("op must be an operation name or \"*\"", nameof(rule));
        }
    }

    private sealed class ArmedRule(FaultRule rule, int remaining)
    {
        public FaultRule Rule { get; } = rule;

        public int Remaining { get; set; } = remaining;
    }
}
