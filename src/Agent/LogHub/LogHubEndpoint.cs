namespace FlumeNet.Agent.LogHub;

/// <summary>
/// Where a project lives: requests go to the endpoint's address with <c>Host: project.endpoint</c> (reference §1.1), so
/// the same code reaches the real service and a loopback emulator. No scheme means http, as in the SDKs.
/// </summary>
public sealed class LogHubEndpoint
{
    private LogHubEndpoint(Uri baseUri, string project)
    {
        BaseUri = baseUri;
        Project = project;
        var host = baseUri.IsDefaultPort ? baseUri.Host : $"{baseUri.Host}:{baseUri.Port}";
        HostHeader = $"{project}.{host}";
    }

    /// <summary>The address connected to: <c>scheme://endpoint-host:port</c>.</summary>
    public Uri BaseUri { get; }

    public string Project { get; }

    /// <summary>The Host header sent: <c>project.endpoint</c>.</summary>
    public string HostHeader { get; }

    /// <exception cref="FormatException">The endpoint is not a host name, host:port or http(s) URL.</exception>
    public static LogHubEndpoint Parse(string endpoint, string project)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(project);
        var text = endpoint.Trim().TrimEnd('/');
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "http://" + text;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath.Length > 1 || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"endpoint '{endpoint}' is not a LogHub endpoint (expected e.g. cn-hangzhou.log.aliyuncs.com or http://127.0.0.1:8080)");
        }
        return new LogHubEndpoint(new Uri($"{uri.Scheme}://{uri.Authority}"), project.Trim());
    }

    public override string ToString() => $"{BaseUri.Scheme}://{HostHeader}";
}
