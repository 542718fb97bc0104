namespace FlumeNet.Agent.Interceptors;

/// <summary>Flume's RegexExtractorInterceptorPassThroughSerializer, the <c>default</c> type: the group as it matched.</summary>
public sealed class RegexExtractorPassThroughSerializer : IRegexExtractorSerializer
{
    public static readonly RegexExtractorPassThroughSerializer Instance = new();

    public string Serialize(string value) => value;
}
