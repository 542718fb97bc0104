namespace FlumeNet.Agent.Interceptors;

/// <summary>Turns one capture group of the regex_extractor interceptor into a header value. Stateless, called from source threads.</summary>
public interface IRegexExtractorSerializer
{
    /// <exception cref="FormatException">The value cannot be converted; the interceptor, like Flume's, lets this fail the event.</exception>
    string Serialize(string value);
}
