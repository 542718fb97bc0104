namespace FlumeNet.Agent.Sources;

/// <summary>
/// The netcatudp source's validated options (reference §6.1). <see cref="Bind"/> null listens on all interfaces;
/// <see cref="RemoteAddressHeader"/> is the value of Flume's <c>remoteAddress</c> key (the documented <c>remoteAddressHeader</c> is not read).
/// </summary>
public sealed record NetcatUdpSourceOptions(string? Bind, int Port, string? RemoteAddressHeader = null);
