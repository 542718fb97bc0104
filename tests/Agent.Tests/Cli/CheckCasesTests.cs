using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Cli;

/// <summary>
/// Golden files for <c>flume-ng agent --check</c>: each <c>CheckCases/NAME.properties</c> is checked and its output
/// compared with <c>NAME.expected.txt</c>. Header comments set the run: <c># args: -n a1</c>, <c># env: NAME=value</c>,
/// and <c># command: config</c> to print properties (<c>flume-ng config</c>) instead of checking.
/// Set FLUMENET_UPDATE_GOLDEN=1 to rewrite the expectations, then review the diff.
/// </summary>
public sealed class CheckCasesTests
{
    private static readonly string CasesDir = Path.Combine(RepoPaths.Root, "tests", "Agent.Tests", "Cli", "CheckCases");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(CasesDir, "*.properties").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(f));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_MatchesGoldenOutput(string name)
    {
        var path = Path.Combine(CasesDir, name + ".properties");
        var (command, args, env) = ReadHeader(path);
        var argv = command == "config" ? new List<string> { "config", "-f", path } : ["agent", "--check", "-f", path];
        argv.AddRange(args);
        var result = CliRunner.Run(env, [.. argv]);
        var actual = result.Stdout.Replace(CasesDir + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal)
            + $"exit: {result.ExitCode}\n";
        var expectedPath = Path.Combine(CasesDir, name + ".expected.txt");
        if (RepoPaths.UpdateGolden)
        {
            File.WriteAllText(expectedPath, actual);
            return;
        }
        Assert.True(File.Exists(expectedPath), $"missing {expectedPath}; run with FLUMENET_UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(expectedPath), actual);
    }

    [Fact]
    public void NoOutput_EverContainsASecretValue()
    {
        const string secret = "VERY_SECRET_VALUE_123";
        var inputs = Directory.GetFiles(CasesDir, "*.properties").Where(f => File.ReadAllText(f).Contains(secret, StringComparison.Ordinal)).ToList();
        Assert.True(inputs.Count >= 3, $"only {inputs.Count} cases hold the secret");
        var env = new Dictionary<string, string> { ["LOGHUB_KEY"] = secret };
        foreach (var f in inputs)
        {
            foreach (var argv in new[] { new[] { "agent", "--check", "-f", f }, ["agent", "--check", "--format", "json", "-f", f], ["config", "-f", f], ["config", "--raw", "-f", f], ["config", "--format", "json", "-f", f] })
            {
                var r = CliRunner.Run(env, argv);
                Assert.DoesNotContain(secret, r.Stdout + r.Stderr, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Cases_AreAtLeastForty_AndTwentyFivePortFlumeTests()
    {
        var files = Directory.GetFiles(CasesDir, "*.properties");
        var ported = files.Count(f => File.ReadLines(f).Any(l => l.StartsWith("# flume:", StringComparison.Ordinal)));
        Assert.True(files.Length >= 40, $"{files.Length} cases");
        Assert.True(ported >= 25, $"{ported} ported from Flume's tests");
    }

    private static (string Command, List<string> Args, Dictionary<string, string> Env) ReadHeader(string path)
    {
        var command = "check";
        var args = new List<string>();
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path, System.Text.Encoding.Latin1))
        {
            if (line.StartsWith("# args:", StringComparison.Ordinal))
            {
                args.AddRange(line["# args:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
            else if (line.StartsWith("# command:", StringComparison.Ordinal))
            {
                command = line["# command:".Length..].Trim();
            }
            else if (line.StartsWith("# env:", StringComparison.Ordinal))
            {
                var kv = line["# env:".Length..].Trim();
                var eq = kv.IndexOf('=', StringComparison.Ordinal);
                env[kv[..eq]] = kv[(eq + 1)..];
            }
        }
        return (command, args, env);
    }
}
