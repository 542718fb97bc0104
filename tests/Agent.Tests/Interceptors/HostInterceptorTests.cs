using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using FlumeNet.Agent.Interceptors;
using FlumeNet.Agent.Registry.Specs;

namespace FlumeNet.Agent.Tests.Interceptors;

/// <summary>Flume's TestHostInterceptor, as facts.</summary>
public sealed class HostInterceptorTests
{
    private static void AssertLocalIPv4(string? value)
    {
        Assert.NotNull(value);
        Assert.True(IPAddress.TryParse(value, out var address), $"'{value}' is not an IP address");
        Assert.Equal(AddressFamily.InterNetwork, address!.AddressFamily);
        var local = new List<IPAddress> { IPAddress.Loopback };
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                local.Add(unicast.Address);
            }
        }
        Assert.Contains(address, local);
    }

    [Fact]
    public void Basic_SetsHostHeaderToAnIPv4AddressOfThisMachine()
    {
        var interceptor = HostInterceptor.Create(Options.For(InterceptorSpecs.Host));
        var e = Options.Event("test event");
        Assert.Null(e.Header("host"));
        interceptor.Intercept(e);
        AssertLocalIPv4(e.Header("host"));
    }

    [Fact]
    public void CustomHeader_IsUsed()
    {
        var interceptor = HostInterceptor.Create(Options.For(InterceptorSpecs.Host, ("preserveExisting", "false"), ("hostHeader", "hostname")));
        var e = interceptor.Intercept(Options.Event("test event"))!;
        AssertLocalIPv4(e.Header("hostname"));
        Assert.Null(e.Header("host"));
    }

    [Fact]
    public void PreserveExisting_KeepsTheOriginalHost()
    {
        var interceptor = HostInterceptor.Create(Options.For(InterceptorSpecs.Host, ("preserveExisting", "true")));
        var e = interceptor.Intercept(Options.Event("test event", ("host", "originalhost")))!;
        Assert.Equal("originalhost", e.Header("host"));
    }

    [Fact]
    public void NotPreserving_OverwritesTheOriginalHost()
    {
        var interceptor = HostInterceptor.Create(Options.For(InterceptorSpecs.Host, ("preserveExisting", "false")));
        var e = interceptor.Intercept(Options.Event("test event", ("host", "originalhost")))!;
        AssertLocalIPv4(e.Header("host"));
    }

    [Fact]
    public void UseIP_IsTheDefault()
    {
        var interceptor = HostInterceptor.Create(Options.For(InterceptorSpecs.Host, ("useIP", "true")));
        var e = interceptor.Intercept(Options.Event("test event", ("host", "originalhost")))!;
        Assert.Equal(HostInterceptor.LocalHost(useIP: true), e.Header("host"));
        AssertLocalIPv4(e.Header("host"));
    }

    [Fact]
    public void UseIPFalse_GivesTheHostName()
    {
        var interceptor = HostInterceptor.Create(Options.For(InterceptorSpecs.Host, ("useIP", "false")));
        var e = interceptor.Intercept(Options.Event("test event", ("host", "originalhost")))!;
        var host = e.Header("host");
        Assert.NotNull(host);
        Assert.False(IPAddress.TryParse(host, out _), $"'{host}' is an address, not a name");
        Assert.StartsWith(Dns.GetHostName(), host, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void FailedLookup_LeavesTheHeaderUnset()
    {
        var interceptor = new HostInterceptor("host", false, null);
        var e = interceptor.Intercept(Options.Event("test event"))!;
        Assert.False(e.HasHeaders);
    }
}
