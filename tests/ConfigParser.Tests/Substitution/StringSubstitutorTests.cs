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
}
