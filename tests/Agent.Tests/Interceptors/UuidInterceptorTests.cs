using FlumeNet.Agent.Interceptors;
using FlumeNet.Agent.Registry.Specs;

namespace FlumeNet.Agent.Tests.Interceptors;

/// <summary>Flume's TestUUIDInterceptor, as facts.</summary>
public sealed class UuidInterceptorTests
{
    [Fact]
    public void Basic_SetsARandomUuidInId()
    {
        var interceptor = UuidInterceptor.Create(Options.For(InterceptorSpecs.Uuid));
        var a = interceptor.Intercept(Options.Event("x"))!.Header("id");
        var b = interceptor.Intercept(Options.Event("x"))!.Header("id");
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", a!);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void PreserveExisting_DefaultsToTrue()
    {
        var interceptor = UuidInterceptor.Create(Options.For(InterceptorSpecs.Uuid));
        Assert.Equal("mine", interceptor.Intercept(Options.Event("x", ("id", "mine")))!.Header("id"));
        var overwriting = UuidInterceptor.Create(Options.For(InterceptorSpecs.Uuid, ("preserveExisting", "false")));
        Assert.NotEqual("mine", overwriting.Intercept(Options.Event("x", ("id", "mine")))!.Header("id"));
    }

    [Fact]
    public void PrefixAndHeaderName_AreApplied()
    {
        var interceptor = UuidInterceptor.Create(Options.For(InterceptorSpecs.Uuid, ("headerName", "uuid"), ("prefix", "host1-")));
        Assert.StartsWith("host1-", interceptor.Intercept(Options.Event("x"))!.Header("uuid"));
    }
}
