using System.Diagnostics;

namespace FlumeNet.Agent.Tests.Support;

/// <summary>
/// Waits in a test for a condition instead of sleeping a fixed time. The default bound is two minutes, far above the
/// few seconds these waits take on a quiet machine, because a 2-core CI machine under load is easily 10× slower.
/// </summary>
public static class Poll
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>Polls until <paramref name="condition"/> holds or the bound passes; returns the condition's last value.</summary>
    public static bool Until(Func<bool> condition, TimeSpan? within = null, int everyMs = 100)
    {
        var bound = within ?? Patience;
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > bound)
            {
                return condition();
            }
            Thread.Sleep(everyMs);
        }
        return true;
    }
}
