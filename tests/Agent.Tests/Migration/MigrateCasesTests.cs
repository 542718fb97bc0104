using FlumeNet.Agent.Tests.Support;
using NLog;
using NLog.Config;
using NLog.Targets;

namespace FlumeNet.Agent.Tests.Migration;

/// <summary>
/// Golden files for <c>flume-ng migrate</c>: each <c>Cases/NAME/</c> folder is migrated and the text report plus every
/// output file is compared with <c>Cases/NAME.expected.txt</c>. FLUMENET_UPDATE_GOLDEN=1 rewrites the expectations;
/// review the diff. Also: configs reported as running unchanged pass --check, emitted nlog.config files load and log,
/// and no planted secret reaches any output.
/// </summary>
public sealed class MigrateCasesTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in MigrationCase.Names())
        {
            data.Add(name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Migrate_MatchesGoldenOutput(string name)
    {
        using var run = MigrationCase.Run(name);
        var actual = run.Golden();
        var expectedPath = Path.Combine(MigrationCase.CasesDir, name + ".expected.txt");
        if (RepoPaths.UpdateGolden)
        {
            File.WriteAllText(expectedPath, actual);
            return;
        }
        Assert.True(File.Exists(expectedPath), $"missing {expectedPath}; run with FLUMENET_UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(expectedPath), actual);
    }

    [Fact]
    public void Cases_CoverTheSixEmrSetupsAndTheVariants()
    {
        var names = MigrationCase.Names();
        Assert.True(names.Count >= 10, $"{names.Count} cases");
        foreach (var required in new[] { "e1-", "e2-", "e3-", "e4-", "e5-", "e6-", "flume-env", "log4j1", "log4j2", "default-agent", "typos", "aliyun" })
        {
            Assert.Contains(names, n => n.Contains(required, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RunsUnchanged_ThenTheOutputConfigPassesCheck(string name)
    {
        using var run = MigrationCase.Run(name, "json");
        using var json = System.Text.Json.JsonDocument.Parse(run.Result.Stdout);
        var agents = json.RootElement.GetProperty("agents").EnumerateArray().ToList();
        if (agents.Count == 0 || !agents.TrueForAll(a => a.GetProperty("verdict").GetString() == "runs_unchanged"))
        {
            Assert.Equal(1, run.Result.ExitCode);
            return;
        }
        Assert.Equal(0, run.Result.ExitCode);
        // The agent starts with flumenet.env loaded: its variables, and a value for every secret moved out of the config.
        var env = new Dictionary<string, string>(run.Env);
        var flags = new List<string>();
        var envFile = Path.Combine(run.OutDir, "flumenet.env");
        if (File.Exists(envFile))
        {
            foreach (var line in File.ReadLines(envFile))
            {
                var secret = line.StartsWith('#') && line.Contains("=    #", StringComparison.Ordinal);
                var body = secret ? line[1..] : line;
                var eq = body.IndexOf('=', StringComparison.Ordinal);
                if ((line.StartsWith('#') && !secret) || eq <= 0)
                {
                    continue;
                }
                var value = secret ? "secret-placeholder" : body[(eq + 1)..].Trim('"');
                if (body[..eq] == "FLUMENET_AGENT_FLAGS")
                {
                    flags.AddRange(value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                }
                else
                {
                    env[body[..eq]] = value;
                }
            }
        }
        var configs = run.OutputFiles().Where(f => f.EndsWith(".properties", StringComparison.Ordinal) || f.EndsWith(".conf", StringComparison.Ordinal));
        foreach (var config in configs)
        {
            var name2 = run.Args.SkipWhile(a => a != "-n").Skip(1).Take(1).ToList();
            var check = CliRunner.Run(env, ["agent", "--check", "-f", config, .. flags, .. (name2.Count == 1 ? new[] { "-n", name2[0] } : [])]);
            Assert.True(check.ExitCode == 0, $"{name}: {Path.GetFileName(config)} fails --check:\n{check.Stdout}{check.Stderr}");
        }
    }

    [Fact]
    public void SomeCases_RunUnchanged_WithAByteIdenticalConfig()
    {
        var unchanged = 0;
        foreach (var name in MigrationCase.Names())
        {
            using var run = MigrationCase.Run(name);
            if (run.Result.ExitCode != 0)
            {
                continue;
            }
            unchanged++;
            foreach (var input in run.InputFiles().Where(f => f.EndsWith(".properties", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith("log4j", StringComparison.Ordinal)))
            {
                var output = Path.Combine(run.OutDir, Path.GetFileName(input));
                var markers = File.ReadAllLines(output).Where(l => l.StartsWith("# flumenet-migrate:", StringComparison.Ordinal)).ToList();
                if (run.Args.Contains("--move-secrets"))
                {
                    // Asked for: plain-text secrets move to the environment; nothing else is edited.
                    Assert.All(markers, m => Assert.Contains("secret value moved out of this file", m, StringComparison.Ordinal));
                    continue;
                }
                Assert.Equal(File.ReadAllBytes(input), File.ReadAllBytes(output));
            }
        }
        Assert.True(unchanged >= 3, $"{unchanged} cases run unchanged");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EmittedNLogConfig_LoadsAndLogs(string name)
    {
        using var run = MigrationCase.Run(name);
        var path = Path.Combine(run.OutDir, "nlog.config");
        if (!File.Exists(path))
        {
            Assert.DoesNotContain(run.InputFiles(), f => Path.GetFileName(f).StartsWith("log4j", StringComparison.Ordinal));
            return;
        }
        var logDir = Directory.CreateTempSubdirectory("flumenet-nlog-test-");
        try
        {
            using var factory = new LogFactory { ThrowConfigExceptions = true, ThrowExceptions = true };
            var config = new XmlLoggingConfiguration(path, factory);
            config.Variables["flumeLogDir"] = logDir.FullName;
            // Files the config names (e.g. /var/log/flume/flume.log) go to the temporary folder instead.
            var files = config.AllTargets.OfType<FileTarget>().ToList();
            foreach (var target in files)
            {
                target.FileName = Path.Combine(logDir.FullName, target.Name + ".log");
            }
            factory.Configuration = config;
            factory.GetLogger("FlumeNet.Agent.Hosting.MigrationTest").Fatal("migrate smoke line");
            factory.Flush();
            factory.Shutdown();
            if (files.Count > 0)
            {
                Assert.Contains(Directory.GetFiles(logDir.FullName), f => File.ReadAllText(f).Contains("migrate smoke line", StringComparison.Ordinal));
            }
        }
        finally
        {
            logDir.Delete(recursive: true);
        }
    }

    [Fact]
    public void NoOutput_EverContainsAPlantedSecret()
    {
        var casesWithSecrets = 0;
        var planted = 0;
        foreach (var name in MigrationCase.Names())
        {
            foreach (var format in new[] { "text", "markdown", "json" })
            {
                using var run = MigrationCase.Run(name, format);
                var secrets = run.PlantedSecrets();
                if (secrets.Count == 0)
                {
                    break;
                }
                if (format == "text")
                {
                    casesWithSecrets++;
                    planted += secrets.Count;
                }
                // Without --move-secrets the output configs are the user's files (edited only where a change is needed):
                // their secrets stay where the user wrote them. The report, flumenet.env and nlog.config never hold one.
                var moved = run.Args.Contains("--move-secrets");
                var outputs = run.OutputFiles().Where(f => moved || !(f.EndsWith(".properties", StringComparison.Ordinal) || f.EndsWith(".conf", StringComparison.Ordinal)))
                    .Select(f => (Path.GetFileName(f), File.ReadAllText(f)))
                    .Append(("stdout", run.Result.Stdout)).Append(("stderr", run.Result.Stderr));
                foreach (var (file, text) in outputs)
                {
                    foreach (var secret in secrets)
                    {
                        Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{name} ({format}): {file} holds {secret}");
                    }
                }
            }
        }
        Assert.True(casesWithSecrets >= 6 && planted >= 9, $"{casesWithSecrets} cases, {planted} secrets planted");
    }
}
