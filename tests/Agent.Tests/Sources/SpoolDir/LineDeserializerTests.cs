using System.Text;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Sources.SpoolDir.Deserializers;

namespace FlumeNet.Agent.Tests.Sources.SpoolDir;

/// <summary>The LINE deserializer (reference §7.2), Flume's TestLineDeserializer cases among them.</summary>
public sealed class LineDeserializerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-line-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SimpleLines_WithMarkAndReset()
    {
        // TestLineDeserializer.testSimple / testSimpleViaBuilder
        using var d = Open("line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\n");
        Assert.Equal(["line 1"], Read(d, 1));
        var mark = d.Position;
        Assert.Equal(7, mark);
        Assert.Equal(["line 2", "line 3"], Read(d, 2));
        d.Seek(mark);
        Assert.Equal(["line 2", "line 3", "line 4", "line 5", "line 6", "line 7", "line 8"], Read(d, 100));
        Assert.Empty(Read(d, 10));
    }

    [Fact]
    public void LongLines_AreCutAtMaxLineLength_AndTheRestIsTheNextEvent()
    {
        // TestLineDeserializer.testMaxLineLength: maxLineLength 10.
        using var d = Open("abcdefghijklmnop\nqrst\nuvw\nxyz\n", maxLineLength: 10);
        Assert.Equal(["abcdefghij", "klmnop", "qrst", "uvw", "xyz"], Read(d, 100));
    }

    [Fact]
    public void LineOfExactlyMaxLength_YieldsAnExtraEmptyEvent()
    {
        using var d = Open("0123456789\nab\n", maxLineLength: 10);
        Assert.Equal(["0123456789", "", "ab"], Read(d, 100));
    }

    [Fact]
    public void MaxLineLength_CountsCharactersNotBytes()
    {
        using var d = Open("ééééé\nab\n", maxLineLength: 3);
        Assert.Equal(["ééé", "éé", "ab"], Read(d, 100));
        Assert.Equal(Encoding.UTF8.GetByteCount("ééééé\nab\n"), d.Position);
    }

    [Fact]
    public void CarriageReturns_AreKept_AndALastLineWithoutNewlineIsAnEvent()
    {
        using var d = Open("a\r\nb\r\nc");
        Assert.Equal(["a\r", "b\r", "c"], Read(d, 100));
    }

    [Fact]
    public void Utf8Bom_IsKeptInTheFirstEvent()
    {
        var path = Write([0xEF, 0xBB, 0xBF, (byte)'x', (byte)'\n']);
        using var d = new LineDeserializer(File.OpenRead(path), Utf8(DecoderFallback.ExceptionFallback), new UTF8Encoding(false), 2048);
        var events = new List<FlumeEvent>();
        d.ReadEvents(10, events);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'x' }, events[0].Body);
    }

    [Fact]
    public void DecodeErrors_AreReplaced_Ignored_OrThrown_ByPolicy()
    {
        var path = Write([(byte)'a', 0xFF, (byte)'b', (byte)'\n']);
        Assert.Equal("a\uFFFDb", Body(path, new DecoderReplacementFallback("\uFFFD")));
        Assert.Equal("ab", Body(path, new DecoderReplacementFallback(string.Empty)));
        Assert.ThrowsAny<DecoderFallbackException>(() => Body(path, DecoderFallback.ExceptionFallback));
    }

    [Fact]
    public void OtherCharsets_AreDecoded_AndReEncodedInTheOutputCharset()
    {
        var path = Write(Encoding.Latin1.GetBytes("caf\u00e9\n"));
        using var d = new LineDeserializer(File.OpenRead(path), Encoding.Latin1, new UTF8Encoding(false), 2048);
        var events = new List<FlumeEvent>();
        d.ReadEvents(10, events);
        Assert.Equal(Encoding.UTF8.GetBytes("caf\u00e9"), events[0].Body);
        Assert.False(LineDeserializer.IsAsciiCompatible(Encoding.Unicode));
        Assert.True(LineDeserializer.IsAsciiCompatible(Encoding.Latin1));
    }

    [Fact]
    public void BigFiles_AreReadAcrossBlocks()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 20000; i++)
        {
            sb.Append("line number ").Append(i).Append('\n');
        }
        using var d = Open(sb.ToString());
        var all = Read(d, 100_000);
        Assert.Equal(20000, all.Count);
        Assert.Equal("line number 19999", all[^1]);
    }

    private static Encoding Utf8(DecoderFallback fallback)
    {
        var e = (Encoding)new UTF8Encoding(false).Clone();
        e.DecoderFallback = fallback;
        return e;
    }

    private static List<string> Read(LineDeserializer d, int max)
    {
        var events = new List<FlumeEvent>();
        d.ReadEvents(max, events);
        return events.Select(e => Encoding.UTF8.GetString(e.Body)).ToList();
    }

    private static string Body(string path, DecoderFallback fallback)
    {
        using var d = new LineDeserializer(File.OpenRead(path), Utf8(fallback), new UTF8Encoding(false), 2048);
        return Read(d, 1)[0];
    }

    private LineDeserializer Open(string text, int maxLineLength = 2048) =>
        new(File.OpenRead(Write(Encoding.UTF8.GetBytes(text))), Utf8(DecoderFallback.ExceptionFallback), new UTF8Encoding(false), maxLineLength);

    private string Write(byte[] bytes)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
