namespace FlumeNet.Agent.Sources.Http;

/// <summary>
/// Flume's server-side SSL set (<c>ssl</c>, <c>keystore</c>, <c>keystore-password</c>, <c>keystore-type</c>, include/exclude
/// protocols and cipher suites), shared by the http and syslog TCP sources. The password is a secret: never printed.
/// </summary>
public sealed record ServerTlsOptions(
    string Keystore,
    string? Password,
    string KeystoreType,
    IReadOnlyList<string> ExcludeProtocols,
    IReadOnlyList<string> IncludeProtocols,
    IReadOnlyList<string> ExcludeCipherSuites,
    IReadOnlyList<string> IncludeCipherSuites)
{
    public override string ToString() => $"keystore {Keystore} ({KeystoreType})";
}
