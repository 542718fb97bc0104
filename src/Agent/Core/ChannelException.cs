namespace FlumeNet.Agent.Core;

/// <summary>A channel operation failed; the transaction must be rolled back (Flume's ChannelException).</summary>
public class ChannelException : Exception
{
    public ChannelException()
    {
    }

    public ChannelException(string message)
        : base(message)
    {
    }

    public ChannelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The channel had no room for a commit within its keep-alive (Flume's ChannelFullException).</summary>
public sealed class ChannelFullException : ChannelException
{
    public ChannelFullException()
    {
    }

    public ChannelFullException(string message)
        : base(message)
    {
    }

    public ChannelFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
