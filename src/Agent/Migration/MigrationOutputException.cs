namespace FlumeNet.Agent.Migration;

/// <summary>The <c>-o</c> folder could not be written (exit 1, reported by the dispatcher).</summary>
public sealed class MigrationOutputException : Exception
{
    public MigrationOutputException()
    {
    }

    public MigrationOutputException(string message)
        : base(message)
    {
    }

    public MigrationOutputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
