using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Integration;

/// <summary>
/// What the corpus' custom Java interceptors do, with FlumeNet's JSON interceptors: netcat lines of JSON are filtered,
/// routed by a field through a multiplexing selector, and partitioned on HDFS by a JSON time field.
/// </summary>
[Collection("processes")]
public sealed class JsonRoutingProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-json-it-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void JsonEvents_AreRoutedByAField_AndPartitionedByTheirOwnTime()
    {
        var port = AgentProcess.FreePort();
        var config = Path.Combine(_dir, "agent.properties");
        File.WriteAllText(config, $"""
            a1.sources = r1
            a1.channels = clicks views
            a1.sinks = kc kv
            a1.sources.r1.type = netcat
            a1.sources.r1.bind = 127.0.0.1
            a1.sources.r1.port = {port}
            a1.sources.r1.channels = clicks views
            a1.sources.r1.interceptors = valid fields time
            a1.sources.r1.interceptors.valid.type = flumenet.json_filter
            a1.sources.r1.interceptors.valid.requiredFields = kind at
            a1.sources.r1.interceptors.fields.type = io.flumenet.interceptor.JsonHeadersInterceptor$Builder
            a1.sources.r1.interceptors.fields.fields = kind
            a1.sources.r1.interceptors.time.type = flumenet.json_timestamp
            a1.sources.r1.interceptors.time.field = at
            a1.sources.r1.interceptors.time.format = yyyy-MM-dd HH:mm:ss
            a1.sources.r1.interceptors.time.timeZone = UTC
            a1.sources.r1.selector.type = multiplexing
            a1.sources.r1.selector.header = kind
            a1.sources.r1.selector.mapping.click = clicks
            a1.sources.r1.selector.default = views
            a1.channels.clicks.type = memory
            a1.channels.views.type = memory
            a1.channels.clicks.capacity = 10000
            a1.channels.views.capacity = 10000
            a1.sinks.kc.type = hdfs
            a1.sinks.kc.channel = clicks
            a1.sinks.kc.hdfs.path = file://{_dir}/out/clicks/%Y%m%d/%H
            a1.sinks.kc.hdfs.fileType = DataStream
            a1.sinks.kc.hdfs.timeZone = UTC
            a1.sinks.kv.type = hdfs
            a1.sinks.kv.channel = views
            a1.sinks.kv.hdfs.path = file://{_dir}/out/views/%Y%m%d/%H
            a1.sinks.kv.hdfs.fileType = DataStream
            a1.sinks.kv.hdfs.timeZone = UTC
            """);
        using (var check = AgentProcess.Start(_dir, "agent", "--check", "-f", config, "-n", "a1"))
        {
            Assert.True(check.WaitForExit(), check.Output);
            Assert.True(check.ExitCode == 0, check.Output);
        }
        using var agent = AgentProcess.Start(_dir, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        Assert.True(agent.WaitFor("started"), agent.Output);
        var lines = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            var kind = i % 3 == 0 ? "click" : "view";
            lines.Add($$"""{"kind":"{{kind}}","at":"2024-03-0{{1 + i % 2}} {{10 + i % 4}}:15:00","n":{{i}}}""");
        }
        lines.Add("not json at all");
        lines.Add("""{"kind":"click"}""");
        Assert.Equal(lines.Count, NetcatClient.SendAndCountOks(port, lines));
        var root = Path.Combine(_dir, "out");
        Poll.Until(() => CountLines(root) >= 300);
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);

        var landed = Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadAllLines(f).Select(line => (Path.GetRelativePath(root, Path.GetDirectoryName(f)!), line)))
            .ToList();
        Assert.Equal(300, landed.Count);
        foreach (var (dir, line) in landed)
        {
            var n = int.Parse(line[(line.LastIndexOf(':') + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
            var kind = n % 3 == 0 ? "clicks" : "views";
            Assert.Equal($"{kind}/2024030{1 + n % 2}/{10 + n % 4}", dir);
        }
        Assert.Equal(300, landed.Select(l => l.line).Distinct().Count());
    }

    private static int CountLines(string root) =>
        Directory.Exists(root) ? Directory.GetFiles(root, "*", SearchOption.AllDirectories).Sum(f => ReadLines(f)) : 0;

    private static int ReadLines(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var count = 0;
            while (reader.ReadLine() is not null)
            {
                count++;
            }
            return count;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
