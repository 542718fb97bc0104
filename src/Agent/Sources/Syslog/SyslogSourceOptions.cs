using System.Text;
using FlumeNet.Agent.Net;

namespace FlumeNet.Agent.Sources.Syslog;

/// <summary>The syslogtcp / syslogudp sources' validated options (reference §3.1).</summary>
public sealed record SyslogSourceOptions(
    string? Host,
    int Port,
    int EventSize,
    SyslogKeepFields KeepFields,
    string? ClientIPHeader,
    string? ClientHostnameHeader,
    ServerTlsOptions? Tls = null);

/// <summary>The multiport_syslogtcp source's validated options (reference §3.1).</summary>
public sealed record MultiportSyslogSourceOptions(
    string? Host,
    IReadOnlyList<int> Ports,
    int EventSize,
    SyslogKeepFields KeepFields,
    string? PortHeader,
    string? ClientIPHeader,
    string? ClientHostnameHeader,
    Encoding DefaultCharset,
    IReadOnlyDictionary<int, Encoding> PortCharsets,
    int BatchSize,
    int ReadBufferBytes,
    ServerTlsOptions? Tls = null);
