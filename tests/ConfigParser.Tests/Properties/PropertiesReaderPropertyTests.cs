using System.Text;
using CsCheck;
using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Properties;

namespace FlumeNet.ConfigParser.Tests.Properties;

public sealed class PropertiesReaderPropertyTests
{
    // Separators, whitespace, escapes' letters, comment starters, control chars, Latin-1 and beyond (a lone surrogate too).
    private const string Alphabet =
        "ab.09AFtnrfuU_=: \t\f\\#!$\0\u0001\u000b\r\n\u007f\u0080\u00a0\u00c3\u00e9\u00ff\u0100\u20ac\ud83d\ude00";

    private static readonly Gen<string> Text = Gen.Char[Alphabet].Array[0, 10].Select(c => new string(c));

    private static readonly Gen<List<(string Key, string Value)>> Entries = Gen.Select(Text, Text).List[0, 8];

    [Fact]
    public void RoundTrip_AnyEquivalentSpellingReadsBackTheSameEntries()
    {
        Gen.Select(Entries, Gen.Int).Sample((entries, seed) =>
        {
            var (text, expected) = new EquivalentEncoder(seed).Encode(entries);
            var diagnostics = new DiagnosticBag();

            var actual = PropertiesReader.Read(Encoding.Latin1.GetBytes(text), "f", diagnostics);

            Assert.Equal(expected, actual.Select(e => (e.Key, e.Value, e.Location.Line)));
            Assert.All(diagnostics.Items, d => Assert.Equal(DiagnosticCodes.NonAsciiByte, d.Code));
        }, iter: 3000, print: t => Printable(new EquivalentEncoder(t.Item2).Encode(t.Item1).Text));
    }

    [Fact]
    public void RandomBytes_NeverThrow()
    {
        byte[] tricky = [(byte)'\\', (byte)'u', (byte)'0', (byte)'e', (byte)'=', (byte)':', (byte)' ', (byte)'\t',
            (byte)'\f', (byte)'\r', (byte)'\n', (byte)'#', (byte)'!', (byte)'a', 0x80, 0xC3, 0xFF];
        var bytes = Gen.Frequency((1, Gen.Byte), (4, Gen.OneOf(tricky))).Array[0, 200];
        bytes.Sample(b =>
        {
            var diagnostics = new DiagnosticBag();
            var lines = 1 + CountLineBreaks(b);
            foreach (var e in PropertiesReader.Read(b, "f", diagnostics))
            {
                Assert.InRange(e.Location.Line, 1, lines);
            }
            Assert.All(diagnostics.Items, d => Assert.InRange(d.Location.Line, 1, lines));
        }, iter: 5000);
    }

    private static int CountLineBreaks(byte[] b)
    {
        var n = 0;
        for (var i = 0; i < b.Length; i++)
        {
            if (b[i] == '\r' || (b[i] == '\n' && (i == 0 || b[i - 1] != '\r')))
            {
                n++;
            }
        }
        return n;
    }

    private static string Printable(string s)
    {
        var sb = new StringBuilder();
        foreach (var c in s)
        {
            sb.Append(c is >= ' ' and <= '~' ? c.ToString() : $"<{(int)c:x}>");
        }
        return sb.ToString();
    }
}
