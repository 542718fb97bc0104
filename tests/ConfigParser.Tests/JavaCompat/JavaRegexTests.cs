using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.ConfigParser.Tests.JavaCompat;

/// <summary>Java regex constructs that .NET reads differently, and how they are carried over.</summary>
public sealed class JavaRegexTests
{
    private static bool Finds(string javaPattern, string input) => JavaRegex.Compile(javaPattern).IsMatch(input);

    [Theory]
    [InlineData(@"^\d+$", "123", true)]
    [InlineData(@"^\d+$", "١٢٣", false)]
    [InlineData(@"^[\d]+$", "١٢٣", false)]
    [InlineData(@"^\w+$", "abc_9", true)]
    [InlineData(@"^\w+$", "café", false)]
    [InlineData(@"^\s$", "\u2003", false)]
    [InlineData(@"^\S$", "\u2003", true)]
    [InlineData(@"^\p{Alpha}+$", "abcXYZ", true)]
    [InlineData(@"^\p{Alpha}+$", "é", false)]
    [InlineData(@"^[\p{Digit}a]+$", "1a2", true)]
    [InlineData(@"^\p{Punct}$", "!", true)]
    [InlineData(@"^\pL$", "é", true)]
    public void CharacterClasses_AreAsciiAsInJava(string pattern, string input, bool expected) =>
        Assert.Equal(expected, Finds(pattern, input));

    [Theory]
    [InlineData(@"^\Q1+1=(2)\E$", "1+1=(2)", true)]
    [InlineData(@"^\Q1+1\E$", "11", false)]
    [InlineData(@"^a\Qb\E+$", "abbb", true)]
    public void Quoting_IsLiteral(string pattern, string input, bool expected) => Assert.Equal(expected, Finds(pattern, input));

    [Theory]
    [InlineData("a++a", "aaa", false)]
    [InlineData("a+a", "aaa", true)]
    [InlineData("(ab)*+ab", "ababab", false)]
    [InlineData("[ab]{2,}+b", "abab", false)]
    [InlineData("x?+x", "x", false)]
    [InlineData(@"\u0041++A", "AAA", false)]
    [InlineData(@"\x41++A", "AAA", false)]
    [InlineData(@"\u0041+A", "AAA", true)]
    public void PossessiveQuantifiers_DoNotBacktrack(string pattern, string input, bool expected) =>
        Assert.Equal(expected, Finds(pattern, input));

    [Fact]
    public void NamedGroups_AreNumberedInOrder()
    {
        var t = JavaRegex.Translate(@"(\d)(?<name>\d)(\d)");
        var m = t.ToRegex().Match("123");
        Assert.Equal(3, t.GroupCount);
        Assert.Equal(2, t.GroupNames["name"]);
        Assert.Equal("2", m.Groups[2].Value);
        Assert.Equal("3", m.Groups[3].Value);
    }

    [Fact]
    public void NamedBackReference_IsKept()
    {
        Assert.True(Finds(@"^(?<c>.)x\k<c>$", "axa"));
        Assert.False(Finds(@"^(?<c>.)x\k<c>$", "axb"));
    }

    [Theory]
    [InlineData(@"^\x{41}$", "A")]
    [InlineData(@"^\0101$", "A")]
    [InlineData(@"^\x41$", "A")]
    [InlineData(@"(?<=a)b", "ab")]
    [InlineData(@"(?i)^ABC$", "abc")]
    [InlineData(@"^a{2}$", "aa")]
    [InlineData(@"^\h\R$", " \r\n")]
    public void SharedAndRewrittenSyntax_Matches(string pattern, string input) => Assert.True(Finds(pattern, input));

    [Theory]
    [InlineData("[a-z&&[^aeiou]]")]
    [InlineData("[a[bc]]")]
    [InlineData("[abc")]
    [InlineData(@"\k<missing>")]
    [InlineData("(?<n>a)(?<n>b)")]
    [InlineData(@"[\P{Alpha}]")]
    public void ConstructsWithoutAFaithfulRewrite_AreRefused(string pattern) =>
        Assert.ThrowsAny<ArgumentException>(() => JavaRegex.Compile(pattern));
}
