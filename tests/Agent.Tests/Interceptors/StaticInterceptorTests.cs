using FlumeNet.Agent.Interceptors;
using FlumeNet.Agent.Registry.Specs;

namespace FlumeNet.Agent.Tests.Interceptors;

/// <summary>Flume's TestStaticInterceptor, as facts.</summary>
public sealed class StaticInterceptorTests
{
    [Fact]
    public void Defaults_PutKeyEqualsValue()
    {
        var interceptor = StaticInterceptor.Create(Options.For(InterceptorSpecs.Static));
        var e = Options.Event("test");
        Assert.Null(e.Header("key"));
        interceptor.Intercept(e);
        Assert.Equal("value", e.Header("key"));
    }

    [Fact]
    public void CustomKeyAndValue_AreUsed()
    {
        var interceptor = StaticInterceptor.Create(Options.For(InterceptorSpecs.Static, ("key", "myKey"), ("value", "myVal")));
        var e = interceptor.Intercept(Options.Event("test"))!;
        Assert.Equal("myVal", e.Header("myKey"));
        Assert.Null(e.Header("key"));
    }

    [Fact]
    public void NotPreserving_ReplacesTheIncumbentValue()
    {
        var interceptor = StaticInterceptor.Create(Options.For(InterceptorSpecs.Static, ("preserveExisting", "false"), ("value", "replacement value")));
        var e = interceptor.Intercept(Options.Event("test", ("key", "incumbent value")))!;
        Assert.Equal("replacement value", e.Header("key"));
    }

    [Fact]
    public void PreserveExisting_KeepsTheIncumbentValue()
    {
        var interceptor = StaticInterceptor.Create(Options.For(InterceptorSpecs.Static, ("preserveExisting", "true"), ("value", "replacement value")));
        var e = interceptor.Intercept(Options.Event("test", ("key", "incumbent value")))!;
        Assert.Equal("incumbent value", e.Header("key"));
    }

    [Fact]
    public void PreserveExisting_IsTheDefault()
    {
        var interceptor = StaticInterceptor.Create(Options.For(InterceptorSpecs.Static, ("value", "replacement value")));
        var e = interceptor.Intercept(Options.Event("test", ("key", "incumbent value")))!;
        Assert.Equal("incumbent value", e.Header("key"));
    }
}
