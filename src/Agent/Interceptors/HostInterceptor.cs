using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using NLog;

namespace FlumeNet.Agent.Interceptors;

/// <summary>
/// Flume's host interceptor: the agent host's IP address or canonical name into a header (reference §6.4). The host
/// is looked up once, when the interceptor is built; if the lookup fails the header is left alone, as in Flume.
/// </summary>
public sealed class HostInterceptor : IInterceptor
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly string _header;
    private readonly bool _preserveExisting;
    private readonly string? _host;

    public HostInterceptor(string header, bool preserveExisting, string? host)
    {
        ArgumentException.ThrowIfNullOrEmpty(header);
        _header = header;
        _preserveExisting = preserveExisting;
        _host = host;
    }

    public static HostInterceptor Create(BoundOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new HostInterceptor(o.GetString("hostHeader") ?? "host", o.GetBool("preserveExisting", false),
            LocalHost(o.GetBool("useIP", true)));
    }

    /// <summary>The first non-loopback IPv4 address of an interface that is up (else loopback), or the canonical host name.</summary>
    public static string? LocalHost(bool useIP)
    {
        try
        {
            return useIP ? LocalAddress().ToString() : CanonicalHostName();
        }
        catch (Exception ex) when (ex is SocketException or NetworkInformationException)
        {
            Log.Warn(ex, "Could not get the local host address; the host header will not be set");
            return null;
        }
    }

    public FlumeEvent? Intercept(FlumeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (_host is null || (_preserveExisting && e.Header(_header) is not null))
        {
            return e;
        }
        e.Headers[_header] = _host;
        return e;
    }

    private static IPAddress LocalAddress()
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
            {
                continue;
            }
            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                var address = unicast.Address;
                if (address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address))
                {
                    return address;
                }
            }
        }
        return IPAddress.Loopback;
    }

    private static string CanonicalHostName()
    {
        var name = Dns.GetHostName();
        try
        {
            var canonical = Dns.GetHostEntry(name).HostName;
            return string.IsNullOrEmpty(canonical) ? name : canonical;
        }
        catch (SocketException)
        {
            return name;
        }
    }
}
