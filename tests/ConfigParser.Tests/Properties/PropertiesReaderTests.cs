using System.Text;
using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Properties;

namespace FlumeNet.ConfigParser.Tests.Properties;

/// <summary>One fact per row of the reference's properties-syntax table (§1), plus line numbers and diagnostics.</summary>
public sealed class PropertiesReaderTests
{
    private static IReadOnlyList<PropertyEntry> Read(string text, DiagnosticBag? diagnostics = null) =>
        PropertiesReader.Read(Encoding.Latin1.GetBytes(text), "f.properties", diagnostics ?? new DiagnosticBag());

    private static PropertyEntry Single(string text) => Assert.Single(Read(text));

    private static string ValueOf(string text) => Single(text).Value;

    [Fact]
    public void Encoding_Utf8BytesAreReadAsLatin1()
    {
        byte[] bytes = [.. "a1.x = caf"u8, 0xC3, 0xA9];
        var entry = Assert.Single(PropertiesReader.Read(bytes, "f", new DiagnosticBag()));
        Assert.Equal("caf\u00c3\u00a9", entry.Value);
    }

    [Theory]
    [InlineData("a1.crlf = v\r\nb = w\r\n")]
    [InlineData("a1.crlf = v\nb = w\n")]
    [InlineData("a1.crlf = v\rb = w\r")]
    public void LineEnds_LfCrAndCrlfAllEndALine(string text)
    {
        var entries = Read(text);
        Assert.Equal(2, entries.Count);
        Assert.Equal(("a1.crlf", "v", 1), (entries[0].Key, entries[0].Value, entries[0].Location.Line));
        Assert.Equal(("b", "w", 2), (entries[1].Key, entries[1].Value, entries[1].Location.Line));
    }

    [Theory]
    [InlineData("   # x = y")]
    [InlineData("# x = y")]
    [InlineData("! x = y")]
    [InlineData("\t\f!x")]
    public void Comments_FirstNonWhitespaceHashOrBang(string line) =>
        Assert.Empty(Read(line + "\n"));

    [Fact]
    public void Comments_TrailingBackslashDoesNotContinue()
    {
        var entries = Read("# comment \\\na = 1\n");
        var entry = Assert.Single(entries);
        Assert.Equal(("a", "1", 2), (entry.Key, entry.Value, entry.Location.Line));
    }

    [Fact]
    public void InlineHash_IsPartOfTheValue() =>
        Assert.Equal("v # not comment", ValueOf("a1.hash = v # not comment"));

    [Fact]
    public void BlankLines_AreIgnored()
    {
        var entries = Read("\n   \n\t\f\n\r\na = 1\n\n");
        var entry = Assert.Single(entries);
        Assert.Equal(5, entry.Location.Line);
    }

    [Fact]
    public void LeadingWhitespace_IsSkippedBeforeTheKey() =>
        Assert.Equal("a1.lead", Single("   a1.lead = x").Key);

    [Fact]
    public void Separator_Colon() =>
        Assert.Equal(("a1.colon", "colonsep"), KeyValue("a1.colon:colonsep"));

    [Fact]
    public void Separator_WhitespaceOnly() =>
        Assert.Equal(("a1.space", "spacesep value"), KeyValue("a1.space spacesep value"));

    [Fact]
    public void Separator_WhitespaceAroundEquals() =>
        Assert.Equal(("k", "v"), KeyValue("k \t = \f v"));

    [Fact]
    public void SecondSeparator_BelongsToTheValue()
    {
        Assert.Equal(("a1.keyeq", "=v"), KeyValue("a1.keyeq==v"));
        Assert.Equal(("a1.c2", "a:b=c"), KeyValue("a1.c2 = a:b=c"));
        Assert.Equal(("k", "= v"), KeyValue("k = = v"));
    }

    [Fact]
    public void KeyWithColon_SplitsThere() =>
        Assert.Equal(("${env", "HOME}.key = v"), KeyValue("${env:HOME}.key = v"));

    [Fact]
    public void EscapedKeyChars_AreLiteral()
    {
        Assert.Equal(("a1.key with space", "v"), KeyValue("a1.key\\ with\\ space = v"));
        Assert.Equal(("a=b:c", "v"), KeyValue("a\\=b\\:c = v"));
    }

    [Fact]
    public void ValueTrailingWhitespace_IsKept() =>
        Assert.Equal("v   ", ValueOf("a1.trail = v   "));

    [Theory]
    [InlineData("a1.x =")]
    [InlineData("a1.x = ")]
    [InlineData("a1.x")]
    [InlineData("a1.x   ")]
    public void EmptyValue_IsAllowed(string line) =>
        Assert.Equal(("a1.x", string.Empty), KeyValue(line));

    [Fact]
    public void Continuation_JoinsNextLineWithoutItsLeadingWhitespace() =>
        Assert.Equal("one, two", ValueOf("a1.list = one, \\\n   two\n"));

    [Fact]
    public void Continuation_ThreeBackslashesKeepOneAndContinue() =>
        Assert.Equal("end\\two", ValueOf("a = end\\\\\\\n two"));

    [Fact]
    public void EvenTrailingBackslashes_AreLiteralAndDoNotContinue()
    {
        var entries = Read("a1.x = end\\\\\nb = 2\n");
        Assert.Equal(2, entries.Count);
        Assert.Equal("end\\", entries[0].Value);
        Assert.Equal("2", entries[1].Value);
    }

    [Theory]
    [InlineData("a1.x = 1\\")]
    [InlineData("a1.x = 1\\\n")]
    [InlineData("a1.x = 1\\\n   ")]
    [InlineData("a1.x = 1\\\n\nb")]
    public void ContinuationAtEofOrBlankLine_DropsTheBackslash(string text) =>
        Assert.Equal("1", Read(text)[0].Value);

    [Fact]
    public void Escapes_ControlCharsAndBackslash() =>
        Assert.Equal("a\tb\nc\rd\fe\\f", ValueOf(@"k = a\tb\nc\rd\fe\\f"));

    [Fact]
    public void UnknownEscape_DropsTheBackslash() =>
        Assert.Equal("q#x y", ValueOf(@"k = \q\#x\ y"));

    [Fact]
    public void Unicode_FourHexDigitsAnyCase() =>
        Assert.Equal("\u00e9A\u20ac\u00ff", ValueOf(@"k = \u00e9\u0041\u20AC\u00Ff"));

    [Fact]
    public void Unicode_EscapeMayBeSplitByAContinuation() =>
        Assert.Equal("\u00e9", ValueOf("k = \\u00\\\n   e9"));

    [Fact]
    public void Unicode_InKey() =>
        Assert.Equal("a=b", Single(@"a\u003db = v").Key);

    [Theory]
    [InlineData(@"a1.bad = \u00zz", "a1.bad")]
    [InlineData(@"a1.bad = x\u00e", "a1.bad")]
    [InlineData(@"a1.bad = \u", "a1.bad")]
    [InlineData(@"a1.b\u00g = v", @"a1.b\u00g")]
    public void BadUnicode_ReportsAnErrorAndSkipsOnlyThatEntry(string badLine, string key)
    {
        var diagnostics = new DiagnosticBag();
        var entries = Read("first = 1\n# c\n" + badLine + "\nlast = 3\n", diagnostics);
        Assert.Equal(["first", "last"], entries.Select(e => e.Key));
        var d = Assert.Single(diagnostics.Items);
        Assert.Equal((DiagnosticCodes.MalformedUnicodeEscape, Severity.Error), (d.Code, d.Severity));
        Assert.Equal(new SourceLocation("f.properties", 3), d.Location);
        Assert.Equal(key, d.Key);
        Assert.Contains("Malformed \\uxxxx encoding", d.Message, StringComparison.Ordinal);
        Assert.Contains("aborts", d.Message, StringComparison.Ordinal);
        Assert.Equal(@"write exactly four hex digits, e.g. \u00e9", d.Hint);
    }

    [Fact]
    public void BadUnicode_OnAContinuedLine_PointsAtThatPhysicalLine()
    {
        var diagnostics = new DiagnosticBag();
        Read("k = one \\\n  two \\\n  \\u12\n", diagnostics);
        Assert.Equal(3, Assert.Single(diagnostics.Items).Location.Line);
    }

    [Fact]
    public void Duplicates_AreAllReturnedInFileOrder()
    {
        var entries = Read("dup=first\ndup=second\n");
        Assert.Equal(["first", "second"], entries.Select(e => e.Value));
    }

    [Fact]
    public void Case_KeysAreCaseSensitive() =>
        Assert.Equal(["A1.x", "a1.x"], Read("A1.x = 1\na1.x = 2").Select(e => e.Key));

    [Fact]
    public void LineNumbers_ContinuedEntriesReportTheLineTheyStartOn()
    {
        var entries = Read("# c\r\n\r\na = 1, \\\r\n  2, \\\r\n  3\r\nb = 4\rc \\\n\n\nd = 5\n");
        Assert.Equal(
            [("a", "1, 2, 3", 3), ("b", "4", 6), ("c", string.Empty, 7), ("d", "5", 10)],
            entries.Select(e => (e.Key, e.Value, e.Location.Line)));
    }

    [Fact]
    public void LineNumbers_ABackslashOnlyLineStartsTheEntryOnTheNextLine()
    {
        var entry = Single("\\\n  k = v");
        Assert.Equal(("k", "v", 2), (entry.Key, entry.Value, entry.Location.Line));
    }

    [Fact]
    public void BackslashOnlyLine_ThenHash_IsAComment() =>
        Assert.Empty(Read("\\\n# not a key\n"));

    [Fact]
    public void ContinuedLine_StartingWithHash_IsPartOfTheValue() =>
        Assert.Equal("a#b", ValueOf("k = a\\\n  #b"));

    [Fact]
    public void NonAscii_WarnsOncePerLineWithTheEscapedSpelling()
    {
        var diagnostics = new DiagnosticBag();
        byte[] bytes = [.. "k = caf"u8, 0xC3, 0xA9, .. " cr\u00e8me"u8, .. "\n"u8, .. "# \u00e9\n"u8, .. "ok = 1\n"u8];
        var entries = PropertiesReader.Read(bytes, "f", diagnostics);
        Assert.Equal(2, entries.Count);
        var d = Assert.Single(diagnostics.Items);
        Assert.Equal((DiagnosticCodes.NonAsciiByte, Severity.Warning, 1, "k"), (d.Code, d.Severity, d.Location.Line, d.Key));
        Assert.Contains("ISO-8859-1", d.Message, StringComparison.Ordinal);
        Assert.Equal("write \u00e9 as \\u00e9, \u00e8 as \\u00e8", d.Hint);
    }

    [Fact]
    public void NonAscii_InKeyAndOnContinuedLines()
    {
        var diagnostics = new DiagnosticBag();
        byte[] bytes = [.. "caf"u8, 0xC3, 0xA9, .. " = a\\\n  "u8, 0xC3, 0xA9, .. "\n"u8];
        var entry = Assert.Single(PropertiesReader.Read(bytes, "f", diagnostics));
        Assert.Equal("caf\u00c3\u00a9", entry.Key);
        Assert.Equal([1, 2], diagnostics.Items.Select(d => d.Location.Line));
        Assert.Equal("write \u00e9 as \\u00e9", diagnostics.Items[0].Hint);
        Assert.Equal("write \u00e9 as \\u00e9", diagnostics.Items[1].Hint);
    }

    [Fact]
    public void NonAscii_HintNeverShowsTheValue_AndNothingOfASecretKey()
    {
        var diagnostics = new DiagnosticBag();
        byte[] bytes = [.. "a1.x.password = s3cr"u8, 0xC3, 0xA9, .. "t\n"u8, .. "a1.x.note = n"u8, 0xC3, 0xA9, .. "ote\n"u8];
        PropertiesReader.Read(bytes, "f", diagnostics);
        Assert.All(diagnostics.Items, d => Assert.DoesNotContain("s3cr", d.ToText(), StringComparison.Ordinal));
        Assert.Contains("uXXXX", diagnostics.Items[0].Hint, StringComparison.Ordinal);
        Assert.DoesNotContain("note", diagnostics.Items[1].Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void NonAscii_NotUtf8_GetsTheGenericHint()
    {
        var diagnostics = new DiagnosticBag();
        byte[] bytes = [.. "k = caf"u8, 0xE9];
        Assert.Equal("caf\u00e9", Assert.Single(PropertiesReader.Read(bytes, "f", diagnostics)).Value);
        Assert.Contains(@"\uXXXX", Assert.Single(diagnostics.Items).Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyInput_HasNoEntries()
    {
        Assert.Empty(Read(string.Empty));
        Assert.Empty(Read("\n \r\n\t"));
    }

    // Java's LineReader returns an empty (not absent) line when the input ends in a continuation of nothing.
    [Theory]
    [InlineData("\\")]
    [InlineData("   \\\n")]
    [InlineData("\\\n\\\n")]
    public void LoneBackslashBeforeEof_IsAnEmptyKeyWithAnEmptyValue(string text) =>
        Assert.Equal((string.Empty, string.Empty), KeyValue(text));

    [Fact]
    public void EmptyKey_WithSeparator() =>
        Assert.Equal((string.Empty, "v"), KeyValue(" = v"));

    private static (string, string) KeyValue(string text)
    {
        var e = Single(text);
        return (e.Key, e.Value);
    }
}
