namespace FlumeNet.Agent.Core;

/// <summary>
/// An interceptor: inspects or changes events between a source and its channels. Returning null (or removing an event
/// from the batch) drops it silently, as in Flume. Called from the source's threads; implementations keep no per-call state.
/// </summary>
public interface IInterceptor
{
    FlumeEvent? Intercept(FlumeEvent e);

    /// <summary>Intercepts a batch in place, keeping the order of the events it keeps.</summary>
    void Intercept(List<FlumeEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var kept = 0;
        for (var i = 0; i < events.Count; i++)
        {
            if (Intercept(events[i]) is { } e)
            {
                events[kept++] = e;
            }
        }
        events.RemoveRange(kept, events.Count - kept);
    }
}
