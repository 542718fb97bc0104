using System.Net;
using FlumeNet.Agent.AvroRpc;

namespace FlumeNet.Agent.Tests.AvroRpc;

/// <summary>Reference §1.8 (Flume's PatternRule semantics).</summary>
public sealed class IpFilterRulesTests
{
    [Fact]
    public void DocumentedExample_AllowsLoopback_DeniesTheRest()
    {
        var rules = IpFilterRules.Parse("allow:ip:127.*,allow:name:localhost,deny:ip:*");
        Assert.True(rules.Accepts(IPAddress.Parse("127.0.0.1")));
        Assert.False(rules.Accepts(IPAddress.Parse("10.1.2.3")));
    }

    [Fact]
    public void FirstMatchWins_AndNoMatchAccepts()
    {
        var rules = IpFilterRules.Parse(" deny:ip:10.0.0.? , allow:ip:10.* ");
        Assert.False(rules.Accepts(IPAddress.Parse("10.0.0.7")));
        Assert.True(rules.Accepts(IPAddress.Parse("10.0.0.17")));
        Assert.True(rules.Accepts(IPAddress.Parse("192.168.1.1")));
    }

    [Fact]
    public void DotIsLiteral_AndTheMatchIsAnchored()
    {
        var rules = IpFilterRules.Parse("deny:ip:1.2.3.4");
        Assert.False(rules.Accepts(IPAddress.Parse("1.2.3.4")));
        Assert.True(rules.Accepts(IPAddress.Parse("1.2.3.44")));
        Assert.True(rules.Accepts(IPAddress.Parse("1.253.4.4")));
    }

    [Fact]
    public void Ipv6Pattern_MayContainColons()
    {
        var rules = IpFilterRules.Parse("deny:ip:::1");
        Assert.False(rules.Accepts(IPAddress.IPv6Loopback));
    }

    [Theory]
    [InlineData("Allow:ip:*")]
    [InlineData("allow:IP:*")]
    [InlineData("permit:ip:*")]
    [InlineData("allow:ip")]
    [InlineData("")]
    public void BadRules_Throw(string text) => Assert.Throws<FormatException>(() => IpFilterRules.Parse(text));
}
