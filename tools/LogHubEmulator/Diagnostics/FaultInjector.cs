namespace FlumeNet.Tools.LogHubEmulator.Diagnostics;

/// <summary>The active faults, in the order they were added; the first matching one with hits left applies.</summary>
internal sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<ActiveFault> _faults = [];

    public void Add(LogHubFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (fault.Count == 0 || fault.Count < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(fault), fault.Count, "count must be positive, or -1 for unlimited");
        }

        lock (_gate)
        {
            _faults.Add(new ActiveFault(fault, fault.DurationMs > 0 ? -1 : fault.Count)
            {
                Until = fault.DurationMs > 0 ? DateTime.UtcNow.AddMilliseconds(fault.DurationMs) : DateTime.MaxValue,
            });
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>The faults with hits left and how many each has.</summary>
    public IReadOnlyList<(LogHubFault Fault, int Remaining)> List()
    {
        lock (_gate)
        {
            return _faults.Select(f => (f.Fault, f.Remaining)).ToList();
        }
    }

    /// <summary>Consumes one hit of the first fault that matches the request, if any.</summary>
    public LogHubFault? Take(string operation, string? logstore, int? shard, string? accessKeyId = null)
    {
        lock (_gate)
        {
            _faults.RemoveAll(f => f.Until <= DateTime.UtcNow);
            for (var i = 0; i < _faults.Count; i++)
            {
                var active = _faults[i];
                if (!active.Fault.Matches(operation, logstore, shard, accessKeyId))
                {
                    continue;
                }

                if (active.Remaining > 0 && --active.Remaining == 0)
                {
                    _faults.RemoveAt(i);
                }

                return active.Fault;
            }

            return null;
        }
    }

    private sealed class ActiveFault(LogHubFault fault, int remaining)
    {
        public LogHubFault Fault { get; } = fault;

        public int Remaining { get; set; } = remaining;

        public DateTime Until { get; init; } = DateTime.MaxValue;
    }
}
