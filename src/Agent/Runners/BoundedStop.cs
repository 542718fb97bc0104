using NLog;

namespace FlumeNet.Agent.Runners;

/// <summary>
/// Runs components' stops, each on its own thread, together, and waits for each at most its limit, so one stuck
/// peer cannot hold the agent's shutdown and the drains of several sinks overlap instead of adding up.
/// </summary>
public static class BoundedStop
{
    private static readonly Logger Log = LogManager.GetLogger("FlumeNet.Agent.Runners.BoundedStop");

    /// <returns>How many stops did not return within their limit (each logged at ERROR; failures are logged too).</returns>
    public static int RunAll(IReadOnlyList<(string What, Action Stop, TimeSpan Limit)> stops)
    {
        ArgumentNullException.ThrowIfNull(stops);
        var started = Environment.TickCount64;
        var threads = new List<(string What, Thread Thread, TimeSpan Limit)>();
        foreach (var (what, stop, limit) in stops)
        {
            var thread = new Thread(() =>
            {
                try
                {
                    stop();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Log.Error("{What} failed to stop cleanly: {Reason}", what, ex.Message);
                }
            })
            { Name = $"stop-{what}", IsBackground = true };
            thread.Start();
            threads.Add((what, thread, limit));
        }
        var stuck = 0;
        foreach (var (what, thread, limit) in threads)
        {
            var left = started + (long)limit.TotalMilliseconds - Environment.TickCount64;
            if (!thread.Join(TimeSpan.FromMilliseconds(Math.Max(0, left))))
            {
                stuck++;
                Log.Error("{What} did not stop within {Limit} s; the agent stops without waiting for it", what, limit.TotalSeconds);
            }
        }
        return stuck;
    }
}
