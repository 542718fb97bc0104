namespace FlumeNet.Agent.Net;

/// <summary>A server a source owns: binds in <see cref="Start"/> (a clash throws <see cref="IOException"/>), stops within the drain limit.</summary>
public interface IListeningServer : IDisposable
{
    /// <summary>The bound port (useful with port 0); 0 before the start.</summary>
    int BoundPort { get; }

    /// <exception cref="IOException">The address cannot be bound.</exception>
    void Start();

    /// <summary>Stops accepting, closes every connection and waits for them, bounded by <paramref name="drain"/>.</summary>
    void Stop(TimeSpan drain);
}
