using System.Diagnostics;
using System.Text.RegularExpressions;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Release;

/// <summary>
/// The release as a user gets it: the tarball unpacked in a temp folder and run with no .NET SDK or runtime on PATH
/// (the native program), and the .deb's contents unpacked into a scratch root.
/// </summary>
[Collection("processes")]
public sealed partial class ReleaseTarballTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-release-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [ReleaseFact]
    public void Tarball_HasFlumesLayout_AndItsNativeProgramChecksTheTemplateWithoutDotnet()
    {
        var home = Unpack();
        foreach (var file in new[] { "bin/flume-ng", "lib/native/flume-ng", "conf/flume-conf.properties.template", "conf/flume-env.sh.template", "conf/nlog.config", "docs/README.md", "LICENSE" })
        {
            Assert.True(File.Exists(Path.Combine(home, file)), $"{file} missing from the tarball");
        }
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(home, "lib", "native"), "librdkafka*.so*"));

        var version = Run(home, "bin/flume-ng", "--version");
        Assert.Equal(0, version.Code);
        Assert.Matches(RevisionLine(), version.Output);
        Assert.Contains("(native)", version.Output, StringComparison.Ordinal);

        var check = Run(home, "bin/flume-ng", "agent", "--check", "-f", "conf/flume-conf.properties.template", "-n", "agent");
        Assert.True(check.Code == 0, check.Output);
    }

    [ReleaseFact]
    public void Tarball_RunsNetcatToFileRoll_WithoutDotnet_AndExitsZeroOnSigterm()
    {
        var home = Unpack();
        var port = AgentProcess.FreePort();
        var outDir = Path.Combine(_dir, "out");
        var config = Path.Combine(_dir, "nc.properties");
        File.WriteAllText(config, $"""
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = netcat
            a1.sources.r1.bind = 127.0.0.1
            a1.sources.r1.port = {port}
            a1.sources.r1.channels = c1
            a1.channels.c1.type = memory
            a1.channels.c1.capacity = 10000
            a1.channels.c1.transactionCapacity = 1000
            a1.sinks.k1.type = file_roll
            a1.sinks.k1.channel = c1
            a1.sinks.k1.sink.directory = {outDir}
            a1.sinks.k1.sink.rollInterval = 0
            """);
        // -c conf: the release's nlog.config logs to ./logs/flume.log, Flume's default.
        using var agent = AgentProcess.StartWith(Path.Combine(home, "bin", "flume-ng"), _dir, NoDotnet(), "agent", "-n", "a1", "-c", Path.Combine(home, "conf"), "-f", config, "--no-reload-conf");
        var log = Path.Combine(_dir, "logs", "flume.log");
        Assert.True(WaitUntil(() => File.Exists(log) && File.ReadAllText(log).Contains("Agent 'a1' started", StringComparison.Ordinal), agent), agent.Output);
        var lines = Enumerable.Range(0, 2000).Select(i => $"line {i} " + new string('x', i % 200)).ToList();
        Assert.Equal(lines.Count, NetcatClient.SendAndCountOks(port, lines));
        Assert.True(WaitUntil(() => Delivered(outDir).Length >= lines.Count, agent), agent.Output);
        agent.Terminate();
        Assert.True(agent.WaitForExit(TimeSpan.FromMinutes(2)), agent.Output);
        Assert.Equal(0, agent.ExitCode);
        Assert.Equal(lines, Delivered(outDir));
        Assert.Contains("Agent 'a1' stopped", File.ReadAllText(log), StringComparison.Ordinal);
    }

    [ReleaseFact]
    public void NativeProgram_NotifiesSystemd_ReadyReloadingStopping()
    {
        var home = Unpack();
        using var agent = SystemdNotifyProcessTests.StartWithNotify(_dir, Path.Combine(home, "bin", "flume-ng"), NoDotnet(), out var notify, out var port);
        using (notify)
        {
            SystemdNotifyProcessTests.AssertNotifyLifecycle(agent, notify, port);
        }
    }

    [ReleaseFact]
    public void NativeProgram_WithAPluginFolder_AndNoDotnet_RefusesWithTheReason()
    {
        var home = Unpack();
        Directory.CreateDirectory(Path.Combine(home, "plugins.d", "etl", "lib"));
        File.WriteAllBytes(Path.Combine(home, "plugins.d", "etl", "lib", "Etl.dll"), []);
        var run = Run(home, "bin/flume-ng", "agent", "--check", "-f", "conf/flume-conf.properties.template", "-n", "agent");
        Assert.Equal(1, run.Code);
        Assert.Contains("JIT build", run.Output, StringComparison.Ordinal);
    }

    [ReleaseFact]
    public void NativeProgram_WithPluginFoldersHoldingNoNetAssembly_RunsNative()
    {
        // What Flume reads of a plugin is lib/, libext/ and native/: jars of a migrated install, an empty lib/ or other
        // folders need no JIT build.
        var home = Unpack();
        Directory.CreateDirectory(Path.Combine(home, "plugins.d", "java-etl", "lib"));
        File.WriteAllBytes(Path.Combine(home, "plugins.d", "java-etl", "lib", "etl.jar"), []);
        Directory.CreateDirectory(Path.Combine(home, "plugins.d", "empty", "lib"));
        Directory.CreateDirectory(Path.Combine(home, "plugins.d", "notes", "docs"));
        File.WriteAllBytes(Path.Combine(home, "plugins.d", "notes", "docs", "Readme.dll"), []);
        var run = Run(home, "bin/flume-ng", "agent", "--check", "-f", "conf/flume-conf.properties.template", "-n", "agent");
        Assert.True(run.Code == 0, run.Output);
    }

    [ReleaseFact("dpkg-deb")]
    public void Deb_InstallsUnderUsrLibFlumenet_EtcFlumenet_AndTheUnit_AndRunsFromAScratchRoot()
    {
        var deb = ReleaseArtifacts.Deb;
        Assert.True(deb is not null, $"no .deb in {ReleaseArtifacts.Directory}");
        var listing = Exec("dpkg-deb", null, "-c", deb).Output;
        foreach (var path in new[] { "./usr/lib/flumenet/bin/flume-ng", "./usr/lib/flumenet/lib/native/flume-ng", "./etc/flumenet/nlog.config",
                     "./etc/flumenet/flume-conf.properties.template", "./lib/systemd/system/flume-ng@.service", "./usr/bin/flume-ng -> ../lib/flumenet/bin/flume-ng" })
        {
            Assert.Contains(path, listing, StringComparison.Ordinal);
        }
        var conffiles = Exec("dpkg-deb", null, "-I", deb, "conffiles").Output;
        Assert.Contains("/etc/flumenet/nlog.config", conffiles, StringComparison.Ordinal);
        var root = Path.Combine(_dir, "root");
        Assert.Equal(0, Exec("dpkg-deb", null, "-x", deb, root).Code);
        var check = Run(_dir, Path.Combine(root, "usr/lib/flumenet/bin/flume-ng"), "agent", "--check", "-f", Path.Combine(root, "etc/flumenet/flume-conf.properties.template"), "-n", "agent");
        Assert.True(check.Code == 0, check.Output);
    }

    private string Unpack()
    {
        var into = Path.Combine(_dir, "unpacked");
        Directory.CreateDirectory(into);
        var tar = Exec("tar", null, "-xzf", ReleaseArtifacts.Tarball!, "-C", into);
        Assert.True(tar.Code == 0, tar.Output);
        return Directory.GetDirectories(into).Single();
    }

    // PATH with only the tools the launcher uses: no dotnet, so nothing can fall back to the SDK or a shared runtime.
    private Dictionary<string, string> NoDotnet()
    {
        var tools = Path.Combine(_dir, "path");
        if (!Directory.Exists(tools))
        {
            Directory.CreateDirectory(tools);
            foreach (var tool in new[] { "bash", "sh", "readlink", "dirname", "find", "kill" })
            {
                var found = new[] { "/usr/bin", "/bin" }.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
                if (found is not null)
                {
                    File.CreateSymbolicLink(Path.Combine(tools, tool), found);
                }
            }
        }
        return new Dictionary<string, string> { ["PATH"] = tools, ["DOTNET_ROOT"] = "/nonexistent", ["FLUME_HOME"] = "" };
    }

    private (int Code, string Output) Run(string workDir, string program, params string[] args) =>
        Exec(Path.IsPathRooted(program) ? program : Path.Combine(workDir, program), NoDotnet(), args, workDir);

    private static (int Code, string Output) Exec(string program, IReadOnlyDictionary<string, string>? env, params string[] args) => Exec(program, env, args, null);

    private static (int Code, string Output) Exec(string program, IReadOnlyDictionary<string, string>? env, string[] args, string? workDir)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workDir is not null)
        {
            psi.WorkingDirectory = workDir;
        }
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            if (v.Length == 0)
            {
                psi.Environment.Remove(k);
            }
            else
            {
                psi.Environment[k] = v;
            }
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within 2 minutes");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    private static bool WaitUntil(Func<bool> condition, AgentProcess agent)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline && !agent.HasExited)
        {
            if (condition())
            {
                return true;
            }
            Thread.Sleep(50);
        }
        return condition();
    }

    private static string[] Delivered(string outDir) =>
        Directory.Exists(outDir) ? [.. Directory.GetFiles(outDir).Order(StringComparer.Ordinal).SelectMany(f => File.ReadAllLines(f))] : [];

    [GeneratedRegex(@"Revision: [0-9a-f]{40}")]
    private static partial Regex RevisionLine();
}
