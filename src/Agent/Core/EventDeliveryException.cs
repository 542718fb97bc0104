namespace FlumeNet.Agent.Core;

/// <summary>A batch could not be delivered and was rolled back; nothing was lost (Flume's EventDeliveryException).</summary>
public sealed class EventDeliveryException : Exception
{
    public EventDeliveryException()
    {
    }

    public EventDeliveryException(string message)
        : base(message)
    {
    }

    public EventDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
