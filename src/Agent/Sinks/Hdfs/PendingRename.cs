namespace FlumeNet.Agent.Sinks.Hdfs;

/// <summary>A closed file still to be renamed to its final name, retried every retryInterval up to closeTries attempts.</summary>
internal sealed record PendingRename(string From, string To)
{
    /// <summary>The destination; moved to the next counter when another writer took it.</summary>
    public string Destination { get; set; } = To;

    public int Attempts { get; set; }

    public long NextAttemptAt { get; set; }
}
