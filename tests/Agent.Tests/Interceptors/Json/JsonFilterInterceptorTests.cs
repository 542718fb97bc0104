using FlumeNet.Agent.Interceptors.Json;
using FlumeNet.Agent.Registry.Specs;
using FlumeNet.Agent.Tests.Interceptors;

namespace FlumeNet.Agent.Tests.Interceptors.Json;

public sealed class JsonFilterInterceptorTests
{
    [Fact]
    public void KeepsJsonObjectsWithTheRequiredFields_DropsTheRestInOrder()
    {
        var filter = JsonFilterInterceptor.Create(Options.For(JsonInterceptorSpecs.Filter, ("requiredFields", "id meta.ts")));
        var batch = new List<FlumeNet.Agent.Core.FlumeEvent>
        {
            Options.Event("{\"id\":1,\"meta\":{\"ts\":5}}"),
            Options.Event("{\"id\":2}"),
            Options.Event("{broken"),
            Options.Event("{\"id\":3,\"meta\":{\"ts\":null}}"),
            Options.Event("{\"id\":4,\"meta\":{\"ts\":\"x\"}}"),
        };
        ((FlumeNet.Agent.Core.IInterceptor)filter).Intercept(batch);
        Assert.Equal(["{\"id\":1,\"meta\":{\"ts\":5}}", "{\"id\":4,\"meta\":{\"ts\":\"x\"}}"], batch.Select(Options.Body));
        Assert.Equal(3, filter.Dropped);
    }

    [Fact]
    public void WithoutRequiredFields_OnlyObjectsPass()
    {
        var filter = JsonFilterInterceptor.Create(Options.For(JsonInterceptorSpecs.Filter));
        Assert.NotNull(filter.Intercept(Options.Event("{}")));
        Assert.Null(filter.Intercept(Options.Event("[]")));
        Assert.Null(filter.Intercept(Options.Event("\"text\"")));
        Assert.Null(filter.Intercept(Options.Event("")));
    }
}
