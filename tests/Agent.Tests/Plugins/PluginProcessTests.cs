using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Plugins;

/// <summary>
/// .NET plugins installed as Flume users install jars (<c>plugins.d/&lt;name&gt;/lib/</c>), run by <c>bin/flume-ng</c>:
/// the sample plugin runs under the Java class name the config names; broken plugins are reported and the rest runs.
/// </summary>
[Collection("processes")]
public sealed class PluginProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-plugins-it-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SamplePlugin_RunsUnderItsJavaClassName()
    {
        var plugins = Path.Combine(_dir, "plugins");
        Install(plugins, "line-etl", Built("samples", "LineEtlPlugin"));
        var port = AgentProcess.FreePort();
        var output = Path.Combine(_dir, "out");
        Directory.CreateDirectory(output);
        var config = Write("etl.properties", $"""
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = netcat
            a1.sources.r1.bind = 127.0.0.1
            a1.sources.r1.port = {port}
            a1.sources.r1.channels = c1
            a1.sources.r1.interceptors = etl
            a1.sources.r1.interceptors.etl.type = com.example.flume.interceptor.LineEtlInterceptor$Builder
            a1.sources.r1.interceptors.etl.maxLength = 10
            a1.channels.c1.type = memory
            a1.sinks.k1.type = file_roll
            a1.sinks.k1.channel = c1
            a1.sinks.k1.sink.directory = {output}
            a1.sinks.k1.sink.rollInterval = 0
            a1.sinks.k1.sink.serializer = header_and_text
            """);

        using (var check = AgentProcess.Start(_dir, "agent", "--check", "-f", config, "-n", "a1", "--plugins-path", plugins))
        {
            Assert.True(check.WaitForExit(), check.Output);
            Assert.True(check.ExitCode == 0, check.Output);
        }
        using (var unknown = AgentProcess.Start(_dir, "agent", "--check", "-f", config, "-n", "a1", "--plugins-path", Path.Combine(_dir, "none")))
        {
            // Without the plugin the class is unknown, as in Flume without the jar.
            Assert.True(unknown.WaitForExit(), unknown.Output);
            Assert.Equal(1, unknown.ExitCode);
            Assert.Contains("LineEtlInterceptor", unknown.Output, StringComparison.Ordinal);
        }

        using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--plugins-path", plugins, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        Assert.True(agent.WaitFor("started"), agent.Output);
        Assert.Contains("plugins loaded: line-etl", agent.Output, StringComparison.Ordinal);
        List<string> lines = ["  one ", "", "two", "far too long for it", "three\t"];
        Assert.Equal(lines.Count, NetcatClient.SendAndCountOks(port, lines));
        Assert.True(Poll(() => ReadAll(output).Count(l => l.Length > 0) >= 3), agent.Output);
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);

        var written = ReadAll(output).Where(l => l.Length > 0).ToList();
        Assert.Equal(["{length=3} one", "{length=3} two", "{length=5} three"], written);
    }

    [Fact]
    public void BrokenPlugins_AreReported_AndTheRestOfTheAgentRuns()
    {
        var plugins = Path.Combine(_dir, "plugins");
        // Built without its dependency: the interceptor that needs it cannot be created.
        Install(plugins, "broken", Built("tests/TestPlugins", "BrokenPlugin"));
        Install(plugins, "wrong-api", Built("tests/TestPlugins", "WrongApiPlugin"));
        Directory.CreateDirectory(Path.Combine(plugins, "jar-only", "lib"));
        File.WriteAllText(Path.Combine(plugins, "jar-only", "lib", "custom.jar"), "PK");
        Directory.CreateDirectory(Path.Combine(plugins, "garbage", "lib"));
        File.WriteAllText(Path.Combine(plugins, "garbage", "lib", "garbage.dll"), "not an assembly");

        var port = AgentProcess.FreePort();
        var output = Path.Combine(_dir, "out");
        Directory.CreateDirectory(output);
        var config = Write("broken.properties", $"""
            a1.sources = good needy
            a1.channels = c1 c2
            a1.sinks = k1 k2
            a1.sources.good.type = netcat
            a1.sources.good.bind = 127.0.0.1
            a1.sources.good.port = {port}
            a1.sources.good.channels = c1
            a1.sources.needy.type = seq
            a1.sources.needy.channels = c2
            a1.sources.needy.interceptors = i1
            a1.sources.needy.interceptors.i1.type = com.example.NeedsMissingDll$Builder
            a1.channels.c1.type = memory
            a1.channels.c2.type = memory
            a1.sinks.k1.type = file_roll
            a1.sinks.k1.channel = c1
            a1.sinks.k1.sink.directory = {output}
            a1.sinks.k1.sink.rollInterval = 0
            a1.sinks.k2.type = com.example.ThrowingSink
            a1.sinks.k2.channel = c2
            """);

        using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--plugins-path", plugins, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        Assert.True(agent.WaitFor("started"), agent.Output);
        Assert.True(agent.WaitFor("this test sink always fails to start"), agent.Output);
        var log = agent.Output;
        Assert.Contains("plugin 'wrong-api'", log, StringComparison.Ordinal);
        Assert.Contains("built for plugin API 99, this agent offers API 1", log, StringComparison.Ordinal);
        Assert.Contains("plugin 'jar-only'", log, StringComparison.Ordinal);
        Assert.Contains("Java jars cannot be loaded", log, StringComparison.Ordinal);
        Assert.Contains("plugin 'garbage'", log, StringComparison.Ordinal);
        Assert.Contains("not a .NET assembly", log, StringComparison.Ordinal);
        Assert.Contains("a file it needs is missing: PluginDependency", log, StringComparison.Ordinal);

        List<string> lines = ["a", "b", "c"];
        Assert.Equal(lines.Count, NetcatClient.SendAndCountOks(port, lines));
        Assert.True(Poll(() => ReadAll(output).Count(l => l.Length > 0) >= 3), agent.Output);
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
        Assert.Equal(0, agent.ExitCode);
    }

    private static string Built(string folder, string project) =>
        Path.Combine(RepoPaths.Root, folder, project, "bin", "Release", "net10.0", project + ".dll");

    private static void Install(string plugins, string name, string dll)
    {
        var lib = Path.Combine(plugins, name, "lib");
        Directory.CreateDirectory(lib);
        File.Copy(dll, Path.Combine(lib, Path.GetFileName(dll)));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static List<string> ReadAll(string dir)
    {
        var lines = new List<string>();
        foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                lines.Add(line);
            }
        }
        return lines;
    }

    private static bool Poll(Func<bool> condition)
    {
        for (var i = 0; i < 600; i++)
        {
            if (condition())
            {
                return true;
            }
            Thread.Sleep(100);
        }
        return false;
    }
}
