using FlumeNet.Agent.Core;
using FlumeNet.Agent.Interceptors;
using FlumeNet.Agent.Registry.Specs;

namespace FlumeNet.Agent.Tests.Interceptors;

/// <summary>Flume's RemoveHeaderInterceptorTest, as facts.</summary>
public sealed class RemoveHeaderInterceptorTests
{
    private const string Header1 = "my-header10";
    private const string Header2 = "my-header11";
    private const string Header3 = "my-header12";
    private const string Header4 = "my-header20";
    private const string Header5 = "my-header21";
    private const string DefaultSeparator = ", ";
    private const string MySeparator = ";";

    private static FlumeEvent WithHeaders() =>
        Options.Event("My test event", (Header1, Header1), (Header2, Header2), (Header3, Header3), (Header4, Header4), (Header5, Header5));

    private static string Remaining(FlumeEvent e)
    {
        var names = new List<string>(e.Headers.Keys);
        names.Sort(StringComparer.Ordinal);
        return string.Join(' ', names);
    }

    private static void AssertRemaining(string expected, params (string Key, string Value)[] props)
    {
        var interceptor = RemoveHeaderInterceptor.Create(Options.For(InterceptorSpecs.RemoveHeader, props));
        var e = WithHeaders();
        interceptor.Intercept(e);
        Assert.Equal(expected, Remaining(e));
        foreach (var (key, value) in e.Headers)
        {
            Assert.Equal(key, value);
        }
        var empty = Options.Event("My test event");
        interceptor.Intercept(empty);
        Assert.False(empty.HasHeaders);
    }

    [Fact]
    public void BadSeparatorRegex_FailsConfiguration()
    {
        Assert.ThrowsAny<ArgumentException>(() =>
            RemoveHeaderInterceptor.Create(Options.For(InterceptorSpecs.RemoveHeader, ("fromList", Header1), ("fromListSeparator", "("))));
    }

    [Fact]
    public void WithName_RemovesThatHeaderOnly() =>
        AssertRemaining($"{Header1} {Header2} {Header3} {Header5}", ("withName", Header4));

    [Fact]
    public void FromList_DefaultSeparator_DoesNotSplitOnSemicolon() =>
        AssertRemaining($"{Header1} {Header2} {Header3} {Header4} {Header5}", ("fromList", Header4 + MySeparator + Header2));

    [Fact]
    public void FromList_DefaultSeparator_SplitsOnCommaAndSpaces() =>
        AssertRemaining($"{Header1} {Header3} {Header5}", ("fromList", Header4 + DefaultSeparator + Header2));

    [Fact]
    public void FromList_CustomSeparator_Splits() =>
        AssertRemaining($"{Header1} {Header3} {Header5}", ("fromList", Header4 + MySeparator + Header2), ("fromListSeparator", MySeparator));

    [Fact]
    public void FromList_CustomSeparator_DoesNotSplitOnComma() =>
        AssertRemaining($"{Header1} {Header2} {Header3} {Header4} {Header5}",
            ("fromList", Header4 + DefaultSeparator + Header2), ("fromListSeparator", MySeparator));

    [Fact]
    public void Matching_RemovesHeadersWhoseWholeNameMatches() =>
        AssertRemaining($"{Header4} {Header5}", ("matching", "my-header1.*"));

    [Fact]
    public void Matching_IsAWholeNameMatchNotASearch() =>
        AssertRemaining($"{Header1} {Header2} {Header3} {Header4} {Header5}", ("matching", "header1"));

    [Fact]
    public void Matching_AlternationAppliesToTheWholeName() =>
        AssertRemaining($"{Header1} {Header3} {Header4} {Header5}", ("matching", "x|my-header11"));

    [Fact]
    public void AllThree_Combine() =>
        AssertRemaining(string.Empty,
            ("matching", "my-header2.*"), ("fromList", Header1 + MySeparator + Header3), ("fromListSeparator", MySeparator), ("withName", Header2));

    [Fact]
    public void SplitList_FollowsJavaStringSplit()
    {
        Assert.Equal(["a", "", "b"], RemoveHeaderInterceptor.SplitList("a,,b,,", ","));
        Assert.Equal(["a", "b"], RemoveHeaderInterceptor.SplitList("a;b", "(;)"));
        Assert.Equal(["", "a"], RemoveHeaderInterceptor.SplitList(",a", ","));
        Assert.Equal(["a", "b", "c"], RemoveHeaderInterceptor.SplitList("a , b,c", RemoveHeaderInterceptor.DefaultSeparator));
    }
}
