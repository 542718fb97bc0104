using System.Globalization;
using System.Text;
using FlumeNet.Agent.Registry;
using FlumeNet.Agent.Tests.Support;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Tests.Cli;

/// <summary>
/// Plants a distinct secret in every secret-bearing option of every component in the registry (and credential-like
/// keys under every pass-through prefix), runs every command and output format, and greps for each secret.
/// </summary>
public sealed class SecretLeakTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-leak-").FullName;
    private int _next;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string NewSecret() => $"Zq{Interlocked.Increment(ref _next).ToString("D4", CultureInfo.InvariantCulture)}SeCrEtVaLuE";

    private static readonly string[] PassThroughSecrets = ["sasl.jaas.config", "ssl.keystore.password", "my.password", "oauth.token"];

    [Fact]
    public void NoPlantedSecret_AppearsInAnyCommandOutput()
    {
        var planted = new List<(string Secret, string Where)>();
        var files = new List<string>();
        var i = 0;
        foreach (var spec in ComponentRegistry.Default.All)
        {
            var secretOptions = spec.Options.Where(o => o.Secret || o.IsPrefix).ToList();
            if (spec.Kind is not (ComponentKind.Source or ComponentKind.Channel or ComponentKind.Sink))
            {
                Assert.True(!spec.Options.Any(o => o.Secret), $"{spec.Kind} {spec.DisplayName} has secret options this test does not plant yet");
                continue;
            }
            if (secretOptions.Count == 0)
            {
                continue;
            }
            var sb = new StringBuilder(Skeleton(spec, out var prefix));
            foreach (var o in secretOptions)
            {
                var keys = o.IsPrefix ? PassThroughSecrets.Select(s => o.Key + s) : [o.Key];
                foreach (var key in keys)
                {
                    var secret = NewSecret();
                    planted.Add((secret, $"{spec.DisplayName}.{key}"));
                    sb.Append(CultureInfo.InvariantCulture, $"{prefix}.{key} = {secret}\n");
                    // Commented out, as operators keep old values.
                    var old = NewSecret();
                    planted.Add((old, $"commented-out {spec.DisplayName}.{key}"));
                    sb.Append(CultureInfo.InvariantCulture, $"#{prefix}.{key} = {old}\n");
                }
            }
            var file = Path.Combine(_dir, $"c{i++}.properties");
            File.WriteAllText(file, sb.ToString(), Encoding.Latin1);
            files.Add(file);
        }
        files.Add(HardCases(planted));
        Assert.True(planted.Count > 40, $"only {planted.Count} secrets planted: the registry lost its secret options?");
        var outputs = new StringBuilder();
        foreach (var file in files)
        {
            foreach (var args in Commands(file))
            {
                var r = CliRunner.Run(null, args);
                outputs.Append(r.Stdout).Append(r.Stderr);
            }
            var outDir = Path.Combine(_dir, "out-" + Path.GetFileNameWithoutExtension(file));
            // --move-secrets: the output config is edited, so every written file must be free of the secrets (without it the
            // output config is the user's file, byte for byte, secrets included: that is checked in MigrateCommandTests).
            var m = CliRunner.Run(null, "migrate", file, "-o", outDir, "--move-secrets");
            outputs.Append(m.Stdout).Append(m.Stderr);
            foreach (var written in Directory.EnumerateFiles(outDir))
            {
                outputs.Append(File.ReadAllText(written, Encoding.Latin1));
            }
        }
        var text = outputs.ToString();
        var leaked = planted.Where(p => text.Contains(p.Secret, StringComparison.Ordinal)).Select(p => p.Where).ToList();
        Assert.True(leaked.Count == 0, $"{leaked.Count} of {planted.Count} secrets leaked: {string.Join(", ", leaked)}");
    }

    private static IEnumerable<string[]> Commands(string file) =>
    [
        ["agent", "--check", "-f", file],
        ["agent", "--check", "-f", file, "--format", "json"],
        ["config", "-f", file],
        ["config", "-f", file, "--format", "json"],
        ["config", "-f", file, "--raw"],
        ["config", "-f", file, "--raw", "--format", "json"],
        ["migrate", file],
        ["migrate", file, "--format", "json"],
        ["migrate", file, "--format", "markdown"],
    ];

    // A minimal agent around one component, so that every command gets past the structure.
    private static string Skeleton(ComponentSpec spec, out string prefix)
    {
        var type = spec.Aliases.Count > 0 ? spec.Aliases[0] : spec.ClassNames[0];
        return spec.Kind switch
        {
            ComponentKind.Source => Fill(out prefix, "a1.sources.r1", $"a1.sources.r1.type = {type}\na1.sources.r1.channels = c1\na1.channels.c1.type = memory\na1.sinks.k1.type = null\na1.sinks.k1.channel = c1\n"),
            ComponentKind.Sink => Fill(out prefix, "a1.sinks.k1", $"a1.sources.r1.type = seq\na1.sources.r1.channels = c1\na1.channels.c1.type = memory\na1.sinks.k1.type = {type}\na1.sinks.k1.channel = c1\n"),
            _ => Fill(out prefix, "a1.channels.c1", $"a1.sources.r1.type = seq\na1.sources.r1.channels = c1\na1.channels.c1.type = {type}\na1.sinks.k1.type = null\na1.sinks.k1.channel = c1\n"),
        };
    }

    private static string Fill(out string prefix, string value, string body)
    {
        prefix = value;
        return "a1.sources = r1\na1.channels = c1\na1.sinks = k1\n" + body;
    }

    // Values the migrate rewriter once kept verbatim (issue 15.6), and a value a config filter fills in.
    private string HardCases(List<(string Secret, string Where)> planted)
    {
        string S(string where)
        {
            var s = NewSecret();
            planted.Add((s, where));
            return s;
        }
        var script = Path.Combine(_dir, "filter.sh");
        var filtered = S("config-filter value");
        File.WriteAllText(script, $"echo {filtered}\n");
        var text = $$"""
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.configfilters = f1
            a1.configfilters.f1.type = external
            a1.configfilters.f1.command = /bin/sh {{script}}
            a1.sources.r1.type = org.apache.flume.source.loghub.LogHubSource
            a1.sources.r1.channels = c1
            a1.sources.r1.endpoint = http://127.0.0.1:1
            a1.sources.r1.project = p
            a1.sources.r1.logstore = l
            a1.sources.r1.accessKeyId = id
            a1.sources.r1.accessKey = {{S("malformed \\u")}}\u12
            a1.channels.c1.type = memory
            a1.channels.c1.capacity = ${f1['cap']}
            a1.sinks.k1.type = com.aliyun.loghub.flume.sink.LoghubSink
            a1.sinks.k1.channel = c1
            a1.sinks.k1.endpoint = http://127.0.0.1:1
            a1.sinks.k1.project = p
            a1.sinks.k1.logstore = l
            a1.sinks.k1.accessKeyId = id
            a1.sinks.k1.accessKey = {{S("unresolved env")}}${env:FLUMENET_LEAK_TEST_UNSET}
            a1.sinks.k1.securityToken = {{S("self-reference")}}${a1.sinks.k1.securityToken}

            """;
        var file = Path.Combine(_dir, "hard.properties");
        File.WriteAllText(file, text, Encoding.Latin1);
        return file;
    }
}

/// <summary>The same for a running agent: its log (at DEBUG) and /metrics hold none of the secrets planted in its config.</summary>
[Collection("processes")]
public sealed class SecretLeakProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-leak-it-").FullName;
    private int _next;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string NewSecret() => $"Zq{Interlocked.Increment(ref _next).ToString("D4", CultureInfo.InvariantCulture)}SeCrEtVaLuE";

    [Fact]
    public async Task NoPlantedSecret_AppearsInARunningAgentsLogOrMetrics()
    {
        var secrets = Enumerable.Range(0, 4).Select(_ => NewSecret()).ToArray();
        var metricsPort = AgentProcess.FreePort();
        var closed = AgentProcess.FreePort();
        var script = Path.Combine(_dir, "filter.sh");
        File.WriteAllText(script, $"echo {secrets[3]}\n");
        var config = Path.Combine(_dir, "agent.properties");
        File.WriteAllText(config, $"""
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.configfilters = f1
            a1.configfilters.f1.type = external
            a1.configfilters.f1.command = /bin/sh {script}
            a1.sources.r1.type = org.apache.flume.source.loghub.LogHubSource
            a1.sources.r1.channels = c1
            a1.sources.r1.endpoint = http://127.0.0.1:{closed}
            a1.sources.r1.project = p
            a1.sources.r1.logstore = l
            a1.sources.r1.accessKeyId = id
            a1.sources.r1.accessKey = {secrets[0]}
            a1.sources.r1.securityToken = {secrets[1]}
            a1.channels.c1.type = memory
            a1.channels.c1.capacity = ${"{"}f1['cap']{"}"}
            a1.sinks.k1.type = com.aliyun.loghub.flume.sink.LoghubSink
            a1.sinks.k1.channel = c1
            a1.sinks.k1.endpoint = http://127.0.0.1:{closed}
            a1.sinks.k1.project = p
            a1.sinks.k1.logstore = l
            a1.sinks.k1.accessKeyId = id
            a1.sinks.k1.accessKey = {secrets[2]}
            a1.sinks.k1.batchSize = 100
            """);
        using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--no-reload-conf",
            "-Dflume.root.logger=DEBUG,console", "-Dflume.monitoring.type=http", $"-Dflume.monitoring.port={metricsPort}");
        Assert.True(agent.WaitFor("started:"), agent.Output);
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"))
            + await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics/prometheus"));
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
        foreach (var s in secrets)
        {
            Assert.DoesNotContain(s, agent.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(s, metrics, StringComparison.Ordinal);
        }
    }
}
