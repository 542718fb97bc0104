using FlumeNet.ConfigParser.Substitution;

namespace FlumeNet.ConfigParser.Tests.Substitution;

public sealed class FlumeVariableLookupTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, 89, TimeSpan.Zero);

    private static FlumeVariableLookup Lookup(Dictionary<string, string>? sys = null, Dictionary<string, string>? env = null)
    {
        var ctx = new SubstitutionContext(sys ?? [], k => env is not null && env.TryGetValue(k, out var v) ? v : null, Now);
        var config = new Dictionary<string, string> { ["key"] = "fromConfig", ["NC_PORT"] = "fromConfig" };
        return new FlumeVariableLookup(ctx, k => config.TryGetValue(k, out var v) ? v : null);
    }

    [Fact]
    public void Env_ReadsEnvironment() => Assert.Equal("6667", Lookup(env: new() { ["NC_PORT"] = "6667" }).Lookup("env:NC_PORT"));

    [Fact]
    public void Sys_ReadsSystemProperties() => Assert.Equal("v", Lookup(sys: new() { ["name"] = "v" }).Lookup("sys:name"));

    [Fact]
    public void Prefix_IsCaseInsensitive() => Assert.Equal("v", Lookup(sys: new() { ["name"] = "v" }).Lookup("SYS:name"));

    [Fact]
    public void UnknownPrefix_FallsBackToConfigKeyAfterTheColon() => Assert.Equal("fromConfig", Lookup().Lookup("nosuch:key"));

    [Fact]
    public void UnknownPrefix_WithoutSuchKey_IsUnresolved() => Assert.Null(Lookup().Lookup("test:Value"));

    [Fact]
    public void Date_FormatsWithJavaPattern() => Assert.Equal("2026-03-04 05:06:07.089", Lookup().Lookup("date:yyyy-MM-dd HH:mm:ss.SSS"));

    [Fact]
    public void PlainName_IsAConfigKey_NotAnEnvironmentVariable() =>
        Assert.Null(Lookup(env: new() { ["ONLY_ENV"] = "x" }).Lookup("ONLY_ENV"));

    [Fact]
    public void EnvVarResolverMode_ChecksConfigThenEnvironment()
    {
        var sys = new Dictionary<string, string> { ["propertiesImplementation"] = SubstitutionContext.EnvVarResolverClass };
        var lookup = Lookup(sys, new() { ["ONLY_ENV"] = "x", ["NC_PORT"] = "6667" });
        Assert.Equal("x", lookup.Lookup("ONLY_ENV"));
        Assert.Equal("fromConfig", lookup.Lookup("NC_PORT"));
    }

    [Fact]
    public void Java_IsNotResolved_AndNoted()
    {
        var lookup = Lookup();
        Assert.Null(lookup.Lookup("java:version"));
        Assert.Equal(["java:version"], lookup.Unsupported);
    }
}
