using System.Diagnostics;
using System.Text;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Cli;

/// <summary>Hostile and odd inputs: every command ends with a diagnostic and its exit code, bounded in time, never a stack trace.</summary>
public sealed class CommandRobustnessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-cli-robust-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, Encoding.Latin1);
        return path;
    }

    private const string Agent = """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = seq
        a1.sources.r1.channels = c1
        a1.channels.c1.type = memory
        a1.sinks.k1.type = null
        a1.sinks.k1.channel = c1

        """;

    [Fact]
    public void Check_OfA10000KeyChain_ResolvesItInBoundedTime()
    {
        var sb = new StringBuilder(Agent);
        const int n = 10_000;
        for (var i = 0; i < n; i++)
        {
            sb.Append(CultureInfoInvariant($"a1.v{i} = ${{a1.v{i + 1}}}\n"));
        }
        sb.Append(CultureInfoInvariant($"a1.v{n} = end\nx.sinks.k1.type = ${{a1.v0}}\n"));
        var file = Write("chain.properties", sb.ToString());
        var watch = Stopwatch.StartNew();
        var r = CliRunner.Run(null, "config", "-f", file);
        // The goal is well under 1 s (tools/Benchmarks: CheckPathologicalBenchmarks); a quadratic resolution took > 60 s.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("x.sinks.k1.type = end", r.Stdout, StringComparison.Ordinal);
        var check = CliRunner.Run(null, "agent", "--check", "-f", file, "-n", "a1");
        Assert.DoesNotContain("SUBSTITUTION", check.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("${", "}")]
    [InlineData("${a:-", "}")]
    public void Check_OfA20000DeepNesting_IsOneErrorInBoundedTime(string open, string close)
    {
        const int depth = 20_000;
        var value = string.Concat(Enumerable.Repeat(open, depth)) + "x" + string.Concat(Enumerable.Repeat(close, depth));
        var file = Write("deep.properties", Agent + "a1.sinks.k1.description = " + value + "\n");
        var watch = Stopwatch.StartNew();
        var r = CliRunner.Run(null, "agent", "--check", "-f", file, "--format", "json");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("SUBSTITUTION_TOO_DEEP", r.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x-no-such-charset")]
    [InlineData("not a charset at all")]
    public void ExternalFilter_WithAnUnknownCharset_IsADiagnostic_InCheckAndConfig(string charset)
    {
        var file = Write("charset.properties", Agent + $"""
            a1.configfilters = f1
            a1.configfilters.f1.type = external
            a1.configfilters.f1.command = /bin/echo
            a1.configfilters.f1.charset = {charset}
            a1.sinks.k1.description = ${"{"}f1['k']{"}"}

            """);
        var check = CliRunner.Run(null, "agent", "--check", "-f", file);
        Assert.Equal(1, check.ExitCode);
        Assert.Contains($"a1.configfilters.f1.charset: external config filter 'f1': charset '{charset}' is not a charset this agent knows", check.Stdout, StringComparison.Ordinal);
        var config = CliRunner.Run(null, "config", "-f", file);
        Assert.Equal(0, config.ExitCode);
        Assert.DoesNotContain("Exception", config.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Migrate_ToAnExistingFile_IsAUsageError()
    {
        var conf = Directory.CreateDirectory(Path.Combine(_dir, "conf")).FullName;
        File.WriteAllText(Path.Combine(conf, "flume.properties"), Agent);
        var existing = Write("existing.txt", "keep me");
        var r = CliRunner.Run(null, "migrate", conf, "-o", existing);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("is a file", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(existing));
    }

    [Fact]
    public void Migrate_IntoAFolderUnderAFile_IsAnError_NotACrash()
    {
        var conf = Directory.CreateDirectory(Path.Combine(_dir, "conf2")).FullName;
        File.WriteAllText(Path.Combine(conf, "flume.properties"), Agent);
        var existing = Write("existing2.txt", "keep me");
        var r = CliRunner.Run(null, "migrate", conf, "-o", Path.Combine(existing, "out"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("migrate: cannot write to", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("# only a comment\nfoo = bar\n")]
    [InlineData("\u0000\u0001\u0002\u00ff\u00fe binary \u0000\u0000 garbage \u0007\u001b[2J\n\u0000")]
    public void Check_OfAFileThatDefinesNoAgent_IsAnError(string text)
    {
        var file = Write("noagent.properties", text);
        var r = CliRunner.Run(null, "agent", "--check", "-f", file);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("the config defines no agent", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', r.Stdout + r.Stderr);
        Assert.DoesNotContain('\u0007', r.Stdout + r.Stderr);
    }

    [Fact]
    public void ControlBytesInKeys_AreEscapedInEveryMessage()
    {
        var file = Write("ctl.properties", Agent + "a1.sinks.k1.bad\u001b[31mkey = 1\na1.sinks.k1.x\u0007y = 2\n");
        var text = CliRunner.Run(null, "agent", "--check", "-f", file);
        var config = CliRunner.Run(null, "config", "-f", file);
        foreach (var output in new[] { text.Stdout, text.Stderr, config.Stdout, config.Stderr })
        {
            Assert.DoesNotContain('\u001b', output);
            Assert.DoesNotContain('\u0007', output);
        }
        Assert.Contains("\\x1B[31m", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void FlumeSubcommandsFlumeNetLacks_SayNotSupportedYet()
    {
        var r = CliRunner.Run(null, "tool");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not support yet", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage", r.Stderr, StringComparison.Ordinal);
    }

    private static string CultureInfoInvariant(FormattableString s) => FormattableString.Invariant(s);
}
