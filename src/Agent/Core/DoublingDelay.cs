namespace FlumeNet.Agent.Core;

/// <summary>The pause of a retry loop: starts at a first value and doubles after each retry, up to a cap.</summary>
public struct DoublingDelay
{
    private readonly TimeSpan _max;

    public DoublingDelay(TimeSpan first, TimeSpan max)
    {
        Current = first;
        _max = max;
    }

    /// <summary>The pause before the next retry.</summary>
    public TimeSpan Current { get; private set; }

    /// <summary>Doubles the pause for the retry after this one, capped.</summary>
    public void Advance() => Current = Current * 2 > _max ? _max : Current * 2;
}
