using System.Text;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Interceptors;
using FlumeNet.Agent.Registry.Specs;

namespace FlumeNet.Agent.Tests.Interceptors;

/// <summary>Flume's TestSearchAndReplaceInterceptor, as facts, plus Java replacement syntax.</summary>
public sealed class SearchAndReplaceInterceptorTests
{
    private static string Replace(string input, params (string Key, string Value)[] props)
    {
        var interceptor = SearchAndReplaceInterceptor.Create(Options.For(InterceptorSpecs.SearchReplace, props));
        return Options.Body(interceptor.Intercept(Options.Event(input))!);
    }

    [Fact]
    public void RemovePrefix() =>
        Assert.Equal(" non-prefix suffix", Replace("prefix non-prefix suffix", ("searchPattern", "^prefix"), ("replaceString", "")));

    [Fact]
    public void SyslogStripPriority() =>
        Assert.Equal("Feb  5 17:32:18 10.0.0.99 Use the BFG!",
            Replace("<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!", ("searchPattern", "^<[0-9]+>"), ("replaceString", "")));

    [Fact]
    public void CapturedGroups() =>
        Assert.Equal("The hungry dog ate the careless fox.",
            Replace("The quick brown fox jumped over the lazy dog.",
                ("searchPattern", "The quick brown ([a-z]+) jumped over the lazy ([a-z]+)."), ("replaceString", "The hungry $2 ate the careless $1.")));

    [Fact]
    public void RepeatedRemoval() =>
        Assert.Equal("Email addresses: REDACTED and REDACTED",
            Replace("Email addresses: test@test.com and foo@test.com",
                ("searchPattern", @"[A-Za-z0-9_.]+@[A-Za-z0-9_-]+\.com"), ("replaceString", "REDACTED")));

    [Fact]
    public void ReplaceEmpty_WithAndWithoutReplaceString()
    {
        Assert.Equal("@test.com", Replace("Abc123@test.com", ("searchPattern", "^[A-Za-z0-9_]+")));
        Assert.Equal("@test.com", Replace("Abc123@test.com", ("searchPattern", "^[A-Za-z0-9_]+"), ("replaceString", "")));
    }

    [Fact]
    public void EveryDigit_IsReplaced() =>
        Assert.Equal("a*b**c", Replace("a1b22c", ("searchPattern", @"\d"), ("replaceString", "*")));

    [Fact]
    public void EscapedDollar_IsLiteral_AndBackslashEscapesAnyCharacter() =>
        Assert.Equal(@"cost: $5 \o/", Replace("cost: 5 o/", ("searchPattern", @"(\d) (o)"), ("replaceString", @"\$$1 \\$2")));

    [Fact]
    public void GroupNumber_TakesOnlyDigitsThatNameAGroup() =>
        Assert.Equal("xa2y", Replace("xay", ("searchPattern", "(a)"), ("replaceString", "$12")));

    [Fact]
    public void NamedGroupReference_IsResolved() =>
        Assert.Equal("2012/10", Replace("10-2012", ("searchPattern", @"(?<month>\d\d)-(?<year>\d{4})"), ("replaceString", "${year}/${month}")));

    [Fact]
    public void GroupThatDidNotTakePart_IsEmpty() =>
        Assert.Equal("[]b", Replace("b", ("searchPattern", "(a)?b"), ("replaceString", "[$1]b")));

    [Theory]
    [InlineData("(a)", "$2")]
    [InlineData("(a)", "$")]
    [InlineData("(a)", "x\\")]
    [InlineData("(a)", "$x")]
    [InlineData("(?<n>a)", "${m}")]
    public void BadReplacement_FailsConfiguration(string search, string replacement) =>
        Assert.ThrowsAny<ArgumentException>(() =>
            SearchAndReplaceInterceptor.Create(Options.For(InterceptorSpecs.SearchReplace, ("searchPattern", search), ("replaceString", replacement))));

    [Fact]
    public void MissingSearchPattern_FailsConfiguration() =>
        Assert.ThrowsAny<ArgumentException>(() => SearchAndReplaceInterceptor.Create(Options.For(InterceptorSpecs.SearchReplace)));

    [Fact]
    public void Charset_DecodesAndEncodesTheBody()
    {
        var interceptor = SearchAndReplaceInterceptor.Create(Options.For(InterceptorSpecs.SearchReplace,
            ("searchPattern", "é"), ("replaceString", "è"), ("charset", "ISO-8859-1")));
        var e = interceptor.Intercept(new FlumeEvent([0x63, 0x61, 0x66, 0xE9]))!;
        Assert.Equal(new byte[] { 0x63, 0x61, 0x66, 0xE8 }, e.Body);
    }

    [Fact]
    public void NoMatch_KeepsTheOriginalBody()
    {
        var interceptor = SearchAndReplaceInterceptor.Create(Options.For(InterceptorSpecs.SearchReplace, ("searchPattern", "zzz")));
        var body = Encoding.UTF8.GetBytes("nothing to do");
        Assert.Same(body, interceptor.Intercept(new FlumeEvent(body))!.Body);
    }
}
