using FlumeNet.ConfigParser.Substitution;

namespace FlumeNet.ConfigParser.Tests.Substitution;

public sealed class StringSubstitutorTests
{
    private static readonly Dictionary<string, string> Vars = new()
    {
        ["a"] = "A",
        ["ref"] = "${a}-x",
        ["DEV_BIND"] = "192.168.11.101",
        ["env"] = "DEV",
        ["self"] = "${self}",
        ["p"] = "${q}",
        ["q"] = "${p}",
    };

    private static string Replace(string s) => new StringSubstitutor(k => Vars.TryGetValue(k, out var v) ? v : null).Replace(s);

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("${a}", "A")]
    [InlineData("x${a}y${a}z", "xAyAz")]
    [InlineData("${ref}", "A-x")]
    [InlineData("${NOPE}", "${NOPE}")]
    [InlineData("$${a}", "${a}")]
    [InlineData("$$${a}", "$${a}")]
    [InlineData("${NOPE:-fallback}", "fallback")]
    [InlineData("${a:-fallback}", "A")]
    [InlineData("${${env}_BIND}", "192.168.11.101")]
    [InlineData("${unterminated", "${unterminated")]
    [InlineData("$a {a}", "$a {a}")]
    [InlineData("${}", "${}")]
    public void Replace_FollowsCommonsTextSemantics(string input, string expected) => Assert.Equal(expected, Replace(input));

    [Theory]
    [InlineData("${self}")]
    [InlineData("${p}")]
    public void Replace_ThrowsOnCycles(string input) => Assert.Throws<SubstitutionCycleException>(() => Replace(input));

    [Fact]
    public void Replace_ReportsUnresolvedNames()
    {
        var s = new StringSubstitutor(_ => null);
        s.Replace("${x} ${y:-d} ${z}");
        Assert.Equal(["x", "z"], s.Unresolved);
    }

    [Fact]
    public void Replace_ReportsUnresolvedNamesInsideAMemoisedValue_EachTime()
    {
        var vars = new Dictionary<string, string> { ["outer"] = "${inner}-x" };
        var s = new StringSubstitutor(k => vars.TryGetValue(k, out var v) ? v : null);
        Assert.Equal("${inner}-x", s.Replace("${outer}"));
        Assert.Equal(["inner"], s.Unresolved);
        Assert.Equal("${inner}-x", s.Replace("${outer}"));
        Assert.Equal(["inner"], s.Unresolved);
    }

    [Fact]
    public void Replace_ALongChain_ResolvesToItsEnd()
    {
        const int n = 10_000;
        var s = new StringSubstitutor(k => k.StartsWith('v') && int.Parse(k[1..], System.Globalization.CultureInfo.InvariantCulture) is var i
            ? (i < n ? $"${{v{i + 1}}}" : "end") : null);
        string? result = null;
        var t = new Thread(() => result = s.Replace("${v1}"), StringSubstitutor.StackBytes);
        t.Start();
        t.Join();
        Assert.Equal("end", result);
    }

    [Fact]
    public void Replace_NestingBeyondTheLimit_IsADepthError()
    {
        var depth = StringSubstitutor.MaxNesting + 2; // the innermost ${a} holds no nested name
        var text = string.Concat(Enumerable.Repeat("${", depth)) + "a" + new string('}', depth);
        Assert.Throws<SubstitutionDepthException>(() => Replace(text));
        Assert.Equal("A", new StringSubstitutor(k => k switch { "a" => "b", "b" => "A", _ => null }).Replace("${${a}}"));
    }

    [Fact]
    public void Replace_SelfReferenceThroughANestedName_IsACycle()
    {
        var vars = new Dictionary<string, string> { ["a"] = "${${a}}" };
        Assert.Throws<SubstitutionCycleException>(() => new StringSubstitutor(k => vars.TryGetValue(k, out var v) ? v : null).Replace("${a}"));
    }
}
