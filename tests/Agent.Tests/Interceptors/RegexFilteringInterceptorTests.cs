using FlumeNet.Agent.Core;
using FlumeNet.Agent.Interceptors;
using FlumeNet.Agent.Registry.Specs;

namespace FlumeNet.Agent.Tests.Interceptors;

/// <summary>Flume's TestRegexFilteringInterceptor, as facts, plus the batch form.</summary>
public sealed class RegexFilteringInterceptorTests
{
    [Fact]
    public void Default_PassesEveryEvent()
    {
        var interceptor = RegexFilteringInterceptor.Create(Options.For(InterceptorSpecs.RegexFilter));
        var e = Options.Event("test");
        Assert.Same(e, interceptor.Intercept(e));
        Assert.NotNull(interceptor.Intercept(Options.Event(string.Empty)));
    }

    [Fact]
    public void Inclusion_KeepsOnlyMatchingEvents()
    {
        var interceptor = RegexFilteringInterceptor.Create(Options.For(InterceptorSpecs.RegexFilter,
            ("regex", "(INFO.*)|(WARNING.*)"), ("excludeEvents", "false")));
        Assert.NotNull(interceptor.Intercept(Options.Event("INFO: some message")));
        Assert.NotNull(interceptor.Intercept(Options.Event("WARNING: some message")));
        Assert.Null(interceptor.Intercept(Options.Event("DEBUG: some message")));
    }

    [Fact]
    public void Exclusion_DropsMatchingEvents()
    {
        var interceptor = RegexFilteringInterceptor.Create(Options.For(InterceptorSpecs.RegexFilter,
            ("regex", ".*DEBUG.*"), ("excludeEvents", "true")));
        Assert.NotNull(interceptor.Intercept(Options.Event("INFO: some message")));
        Assert.NotNull(interceptor.Intercept(Options.Event("WARNING: some message")));
        Assert.Null(interceptor.Intercept(Options.Event("this message has DEBUG in it")));
    }

    [Fact]
    public void Find_MatchesAnywhereInTheBody()
    {
        var interceptor = RegexFilteringInterceptor.Create(Options.For(InterceptorSpecs.RegexFilter, ("regex", "ERR\\d")));
        Assert.NotNull(interceptor.Intercept(Options.Event("at the end ERR7")));
        Assert.Null(interceptor.Intercept(Options.Event("ERRx")));
    }

    [Fact]
    public void Body_IsDecodedAsUtf8_EvenWhenLarge()
    {
        var interceptor = RegexFilteringInterceptor.Create(Options.For(InterceptorSpecs.RegexFilter, ("regex", "café$")));
        Assert.NotNull(interceptor.Intercept(Options.Event("un café")));
        Assert.NotNull(interceptor.Intercept(Options.Event(new string('x', 5000) + "café")));
        Assert.Null(interceptor.Intercept(Options.Event(new string('x', 5000) + "cafe")));
    }

    [Fact]
    public void Batch_DropsFilteredEventsAndKeepsOrder()
    {
        IInterceptor interceptor = RegexFilteringInterceptor.Create(Options.For(InterceptorSpecs.RegexFilter, ("regex", "^INFO")));
        var events = new List<FlumeEvent>
        {
            Options.Event("INFO a"), Options.Event("DEBUG b"), Options.Event("INFO c"), Options.Event("DEBUG d"), Options.Event("INFO e"),
        };
        interceptor.Intercept(events);
        Assert.Equal(["INFO a", "INFO c", "INFO e"], events.ConvertAll(Options.Body));
    }
}
