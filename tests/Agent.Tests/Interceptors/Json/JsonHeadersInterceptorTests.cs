using FlumeNet.Agent.Interceptors.Json;
using FlumeNet.Agent.Registry.Specs;
using FlumeNet.Agent.Tests.Interceptors;

namespace FlumeNet.Agent.Tests.Interceptors.Json;

public sealed class JsonHeadersInterceptorTests
{
    private static JsonHeadersInterceptor Make(params (string, string)[] props) =>
        JsonHeadersInterceptor.Create(Options.For(JsonInterceptorSpecs.Headers, props));

    [Fact]
    public void CopiesFields_StringsUnquoted_OthersAsJsonText()
    {
        var e = Make(("fields", "type  app.name n flag tags.1 obj")).Intercept(Options.Event(
            "{\"type\":\"click\",\"app\":{\"name\":\"web\"},\"n\":42,\"flag\":true,\"tags\":[\"a\",\"b\"],\"obj\":{\"k\":1}}"))!;
        Assert.Equal("click", e.Header("type"));
        Assert.Equal("web", e.Header("app.name"));
        Assert.Equal("42", e.Header("n"));
        Assert.Equal("true", e.Header("flag"));
        Assert.Equal("b", e.Header("tags.1"));
        Assert.Equal("{\"k\":1}", e.Header("obj"));
    }

    [Fact]
    public void HeaderNames_CanBeRenamed()
    {
        var e = Make(("fields", "app.name"), ("headers.app.name", "app")).Intercept(Options.Event("{\"app\":{\"name\":\"web\"}}"))!;
        Assert.Equal("web", e.Header("app"));
        Assert.Null(e.Header("app.name"));
    }

    [Fact]
    public void MissingFieldsAndNonJson_LeaveHeadersAlone()
    {
        var missing = Make(("fields", "type")).Intercept(Options.Event("{\"other\":1}"))!;
        Assert.False(missing.HasHeaders);
        var text = Make(("fields", "type")).Intercept(Options.Event("plain text line"))!;
        Assert.Equal("plain text line", Options.Body(text));
        Assert.False(text.HasHeaders);
    }

    [Fact]
    public void PreserveExisting_KeepsAHeaderThatIsSet()
    {
        var e = Make(("fields", "type"), ("preserveExisting", "true")).Intercept(Options.Event("{\"type\":\"new\"}", ("type", "old")))!;
        Assert.Equal("old", e.Header("type"));
    }

    [Fact]
    public void NoFields_IsRejected() => Assert.Throws<ArgumentException>(() => Make(("fields", " ")));
}
