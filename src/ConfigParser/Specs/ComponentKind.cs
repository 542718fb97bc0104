namespace FlumeNet.ConfigParser.Specs;

public enum ComponentKind
{
    Source,
    Channel,
    Sink,
    SinkProcessor,
    ChannelSelector,
    Interceptor,
    Serializer,
    ConfigFilter,
}
