using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Integration;

/// <summary>
/// Issue 13's HA acceptance as a process: netcat → memory → HDFS sink on <c>webhdfs://ns</c>, a nameservice of two
/// emulators over one namespace (hdfs-site.xml in HADOOP_CONF_DIR); both NameNodes are standby for 10 s while lines
/// arrive. No batch is lost or written twice, and the file is split at most once.
/// </summary>
[Collection("processes")]
public sealed class WebHdfsHaProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-webhdfs-ha-it-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void BothNameNodesStandbyFor10Seconds_NoBatchLost_FileSplitAtMostOnce()
    {
        var root = Directory.CreateDirectory(Path.Combine(_dir, "hdfs")).FullName;
        using var nn1 = EmulatorProcess.WebHdfs("--root", root);
        using var nn2 = EmulatorProcess.WebHdfs("--root", root, "--standby");
        var conf = Directory.CreateDirectory(Path.Combine(_dir, "hadoop")).FullName;
        // Hadoop's failover policy with a 2 s cap on the pause (default 15 s) so the first attempt after the 10 s
        // comes soon; callTimeout 60 s so the flush waits the outage out instead of failing the batch.
        File.WriteAllText(Path.Combine(conf, "hdfs-site.xml"), $"""
            <configuration>
              <property><name>dfs.nameservices</name><value>ns</value></property>
              <property><name>dfs.ha.namenodes.ns</name><value>nn1,nn2</value></property>
              <property><name>dfs.namenode.http-address.ns.nn1</name><value>127.0.0.1:{nn1.Url.Port}</value></property>
              <property><name>dfs.namenode.http-address.ns.nn2</name><value>127.0.0.1:{nn2.Url.Port}</value></property>
              <property><name>dfs.http.client.failover.sleep.max.millis</name><value>2000</value></property>
            </configuration>
            """);
        var port = AgentProcess.FreePort();
        var config = Path.Combine(_dir, "agent.properties");
        File.WriteAllText(config, $"""
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = netcat
            a1.sources.r1.bind = 127.0.0.1
            a1.sources.r1.port = {port}
            a1.sources.r1.channels = c1
            a1.channels.c1.type = memory
            a1.channels.c1.capacity = 1000
            a1.sinks.k1.type = hdfs
            a1.sinks.k1.channel = c1
            a1.sinks.k1.hdfs.path = webhdfs://ns/flume
            a1.sinks.k1.hdfs.fileType = DataStream
            a1.sinks.k1.hdfs.batchSize = 10
            a1.sinks.k1.hdfs.rollInterval = 0
            a1.sinks.k1.hdfs.rollSize = 0
            a1.sinks.k1.hdfs.rollCount = 0
            a1.sinks.k1.hdfs.callTimeout = 60000
            """);
        using var agent = AgentProcess.Start(_dir, new Dictionary<string, string> { ["HADOOP_CONF_DIR"] = conf },
            "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        Assert.True(agent.WaitFor("started"), agent.Output);
        var lines = Enumerable.Range(0, 300).Select(i => $"line {i} " + new string('h', 30)).ToList();
        Assert.Equal(100, NetcatClient.SendAndCountOks(port, lines[..100]));
        WaitForLines(root, 100, agent);
        nn1.Admin("standby?value=true", new { });
        Assert.Equal(100, NetcatClient.SendAndCountOks(port, lines[100..200]));
        Thread.Sleep(10_000);
        nn2.Admin("standby?value=false", new { });
        Assert.Equal(100, NetcatClient.SendAndCountOks(port, lines[200..]));
        WaitForLines(root, 300, agent);
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
        var files = Directory.GetFiles(Path.Combine(root, "flume"), "*", SearchOption.AllDirectories);
        Assert.DoesNotContain(files, f => f.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.True(files.Length <= 2, $"split more than once: {string.Join(", ", files)}\n{agent.Output}");
        var landed = files.SelectMany(File.ReadAllLines).ToList();
        Assert.Equal(lines.Order(StringComparer.Ordinal), landed.Order(StringComparer.Ordinal));
        Assert.Contains("failing over to", agent.Output, StringComparison.Ordinal);
    }

    private static void WaitForLines(string root, int count, AgentProcess agent)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline && CountLines(root) < count)
        {
            Thread.Sleep(100);
        }
        Assert.True(CountLines(root) >= count, $"only {CountLines(root)} of {count} lines landed:\n{agent.Output}");
    }

    private static int CountLines(string root)
    {
        var dir = Path.Combine(root, "flume");
        if (!Directory.Exists(dir))
        {
            return 0;
        }
        var n = 0;
        foreach (var f in Directory.GetFiles(dir, "*", SearchOption.AllDirectories))
        {
            try
            {
                using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                while (reader.ReadLine() is not null)
                {
                    n++;
                }
            }
            catch (IOException)
            {
                // Renamed meanwhile; counted at the next poll.
            }
        }
        return n;
    }
}
