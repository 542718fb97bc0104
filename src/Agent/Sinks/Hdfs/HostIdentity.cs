using System.Net;
using System.Net.Sockets;

namespace FlumeNet.Agent.Sinks.Hdfs;

/// <summary>The values of the static escapes <c>%[localhost]</c>, <c>%[IP]</c> and <c>%[FQDN]</c>.</summary>
public sealed record HostIdentity(string HostName, string IpAddress, string CanonicalName)
{
    private static readonly Lazy<HostIdentity> LocalHost = new(Resolve);

    /// <summary>This machine, resolved once per process on first use (a failure is cached and rethrown).</summary>
    public static HostIdentity Local => LocalHost.Value;

    private static HostIdentity Resolve()
    {
        var name = Dns.GetHostName();
        try
        {
            var entry = Dns.GetHostEntry(name);
            IPAddress? chosen = null;
            foreach (var address in entry.AddressList)
            {
                if (address.AddressFamily == AddressFamily.InterNetwork)
                {
                    chosen = address;
                    break;
                }
            }
            chosen ??= entry.AddressList.Length > 0 ? entry.AddressList[0] : IPAddress.Loopback;
            return new HostIdentity(name, chosen.ToString(), entry.HostName);
        }
        catch (SocketException e)
        {
            throw new BucketPathException(
                $"Cannot resolve the local host name '{name}' for a static escape (%[IP], %[FQDN]): {e.Message}; " +
                "add the host name to /etc/hosts or DNS, or remove the static escape", e);
        }
    }
}
