using System.Text;
using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Properties;

namespace FlumeNet.ConfigParser.Tests.Properties;

public sealed class PropertySetTests
{
    private static IReadOnlyList<PropertyEntry> Read(string file, string text) =>
        PropertiesReader.Read(Encoding.Latin1.GetBytes(text), file, new DiagnosticBag());

    [Fact]
    public void Duplicates_LastWinsWithinAFile_AndWarnsWithoutPrintingValues()
    {
        var diagnostics = new DiagnosticBag();
        var set = PropertySet.Merge([Read("a.properties", "dup=first\nother=x\ndup=second\n")], diagnostics);

        Assert.Equal(2, set.Count);
        Assert.True(set.TryGet("dup", out var dup));
        Assert.Equal(("second", new SourceLocation("a.properties", 3)), (dup.Value, dup.Location));
        var d = Assert.Single(diagnostics.Items);
        Assert.Equal((DiagnosticCodes.DuplicateKey, Severity.Warning, "dup"), (d.Code, d.Severity, d.Key));
        Assert.Equal(new SourceLocation("a.properties", 3), d.Location);
        Assert.Contains("a.properties:1", d.Message, StringComparison.Ordinal);
        Assert.Contains("last one wins", d.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("first", d.ToText(), StringComparison.Ordinal);
        Assert.DoesNotContain("second", d.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicates_LaterFileOverridesEarlierFile()
    {
        var diagnostics = new DiagnosticBag();
        var set = PropertySet.Merge(
            [Read("a.properties", "k=1\nonly.a=x\n"), Read("b.properties", "\nk=2\nonly.b=y\n")], diagnostics);

        Assert.True(set.TryGet("k", out var k));
        Assert.Equal(("2", new SourceLocation("b.properties", 2)), (k.Value, k.Location));
        var d = Assert.Single(diagnostics.Items);
        Assert.Equal(new SourceLocation("b.properties", 2), d.Location);
        Assert.Contains("a.properties:1", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Entries_AreOrderedByTheirLastOccurrence()
    {
        var set = PropertySet.Merge([Read("a", "x=1\ny=1\nz=1\nx=2\n")], new DiagnosticBag());
        Assert.Equal(["y", "z", "x"], set.Entries.Select(e => e.Key));
        Assert.Equal(["1", "1", "2"], set.Entries.Select(e => e.Value));
    }

    [Fact]
    public void Duplicates_ThreeOccurrences_EachPointsAtThePreviousOne()
    {
        var diagnostics = new DiagnosticBag();
        PropertySet.Merge([Read("a", "k=1\nk=2\nk=3\n")], diagnostics);
        Assert.Equal([2, 3], diagnostics.Items.Select(d => d.Location.Line));
        Assert.Contains("a:1", diagnostics.Items[0].Message, StringComparison.Ordinal);
        Assert.Contains("a:2", diagnostics.Items[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicates_SameValue_SaysSo()
    {
        var diagnostics = new DiagnosticBag();
        PropertySet.Merge([Read("a", "k=1\nk=1\n")], diagnostics);
        Assert.Contains("same value", Assert.Single(diagnostics.Items).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryGet_UnknownKey_IsFalse_AndKeysAreCaseSensitive()
    {
        var set = PropertySet.Merge([Read("a", "A1.k=1\n")], new DiagnosticBag());
        Assert.False(set.TryGet("a1.k", out _));
        Assert.True(set.TryGet("A1.k", out _));
    }

    [Fact]
    public void Merge_NoFiles_IsEmpty()
    {
        var set = PropertySet.Merge([], new DiagnosticBag());
        Assert.Equal(0, set.Count);
        Assert.Empty(set.Entries);
    }
}
