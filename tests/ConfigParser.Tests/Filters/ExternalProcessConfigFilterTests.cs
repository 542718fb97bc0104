using System.Diagnostics;
using FlumeNet.ConfigParser.Filters;

namespace FlumeNet.ConfigParser.Tests.Filters;

public sealed class ExternalProcessConfigFilterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-filter-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Script(string body)
    {
        var path = Path.Combine(_dir, $"f{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, body + "\n");
        return "/bin/sh " + path;
    }

    [Fact]
    public void FirstLineOfTheOutput_IsTheValue()
    {
        var f = new ExternalProcessConfigFilter(Script("echo \"value-of-$1\"; echo second"), null);
        Assert.Equal("value-of-k1", f.Filter("k1"));
    }

    [Theory]
    [InlineData("x-no-such-charset")]
    [InlineData("")]
    public void UnknownCharset_IsAnArgumentError_NamingIt(string charset)
    {
        var ex = Assert.Throws<ArgumentException>(() => new ExternalProcessConfigFilter("/bin/true", charset));
        Assert.Contains($"'{charset}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JavaCharsetNames_OfCodePages_Resolve()
    {
        Assert.Equal(37, ExternalProcessConfigFilter.ResolveCharset("IBM037").CodePage);
        Assert.Equal(28591, ExternalProcessConfigFilter.ResolveCharset("ISO-8859-1").CodePage);
    }

    [Fact]
    public void ACommandThatNeverEnds_IsKilledAtTheTimeout()
    {
        var f = new ExternalProcessConfigFilter(Script("echo early; exec sleep 600"), null, TimeSpan.FromMilliseconds(500));
        var watch = Stopwatch.StartNew();
        Assert.Null(f.Filter("k"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"took {watch.Elapsed}");
    }

    [Fact]
    public void ACommandThatWritesMegabytesToStderr_DoesNotDeadlock()
    {
        var f = new ExternalProcessConfigFilter(Script("head -c 1000000 /dev/zero | tr '\\0' x >&2; echo ok"), null, TimeSpan.FromSeconds(60));
        Assert.Equal("ok", f.Filter("k"));
    }

    [Fact]
    public void ABackgroundChildHoldingThePipe_DoesNotHoldTheFilterPastTheTimeout()
    {
        var f = new ExternalProcessConfigFilter(Script("(sleep 30) & echo v"), null, TimeSpan.FromMilliseconds(500));
        var watch = Stopwatch.StartNew();
        f.Filter("k");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"took {watch.Elapsed}");
    }
}
