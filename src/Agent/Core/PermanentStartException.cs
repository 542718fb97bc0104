namespace FlumeNet.Agent.Core;

/// <summary>
/// A component cannot start and retrying cannot help (a wrong AccessKey, a missing logstore): the operator must fix the
/// configuration. The topology logs it once and does not retry, instead of hammering the remote service every 3 s.
/// </summary>
public sealed class PermanentStartException : IOException
{
    public PermanentStartException()
    {
    }

    public PermanentStartException(string message)
        : base(message)
    {
    }

    public PermanentStartException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
