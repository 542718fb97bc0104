namespace FlumeNet.Agent.Core;

/// <summary>What one <c>Process()</c> call of a sink or pollable source achieved (Flume's Status).</summary>
public enum ProcessStatus
{
    /// <summary>Work was done; call again at once.</summary>
    Ready,
    /// <summary>Nothing to do (or a failure); the runner sleeps before the next call.</summary>
    Backoff,
}
