namespace FlumeNet.Agent.Hosting;

/// <summary>The agent refuses to start (--strict with config errors, or a component that cannot start); the message says why.</summary>
public sealed class StartupException : Exception
{
    public StartupException()
    {
    }

    public StartupException(string message)
        : base(message)
    {
    }

    public StartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
