namespace FlumeNet.Agent.LogHub;

/// <summary>
/// How logs name a LogHub target: the address actually connected to, then project and logstore
/// (<c>http://127.0.0.1:46685 (project 'p1', logstore 's1')</c>), each part shown as <c>***</c> when it is confidential
/// (a config filter filled it in).
/// </summary>
public static class LogHubDisplay
{
    public const string Mask = "***";

    public static string Of(LogHubEndpoint endpoint, string logstore, bool endpointHidden = false, bool projectHidden = false, bool logstoreHidden = false)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var address = endpointHidden ? Mask : endpoint.BaseUri.GetLeftPart(UriPartial.Authority);
        return $"{address} (project '{(projectHidden ? Mask : endpoint.Project)}', logstore '{(logstoreHidden ? Mask : logstore)}')";
    }
}

/// <summary>Which connection values must not be shown (a config filter filled them in).</summary>
public sealed record LogHubHiddenParts
{
    public bool Endpoint { get; init; }

    public bool Project { get; init; }

    public bool Logstore { get; init; }

    public bool AccessKeyId { get; init; }
}
