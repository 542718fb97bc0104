using FlumeNet.Agent.Hdfs.FileSystems;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Hdfs.FileSystems;

public sealed class WebHdfsAddressNoteTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-note-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Without_hadoop_config_the_9870_guess_is_named_with_its_reason()
    {
        var note = WebHdfsAddressNote.For("hdfs://nn/logs/%Y", HadoopConfig.Empty);
        Assert.NotNull(note);
        Assert.Contains("http://nn:9870, http://nn:50070", note, StringComparison.Ordinal);
        Assert.Contains("dfs.namenode.http-address is not set", note, StringComparison.Ordinal);
        Assert.Contains("WebHDFS must be enabled", note, StringComparison.Ordinal);
        Assert.Contains("Kerberos", note, StringComparison.Ordinal);
    }

    [Fact]
    public void The_address_from_hdfs_site_is_named_with_the_file()
    {
        File.WriteAllText(Path.Combine(_dir, "hdfs-site.xml"),
            "<configuration><property><name>dfs.namenode.http-address</name><value>nn:50070</value></property></configuration>");
        var note = WebHdfsAddressNote.For("hdfs://nn/logs", HadoopConfig.Find(_dir, _ => null));
        Assert.NotNull(note);
        Assert.Contains("http://nn:50070 (dfs.namenode.http-address in " + _dir, note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/var/log/flume")]
    [InlineData("file:///var/log/flume")]
    public void Local_paths_get_no_note(string path) => Assert.Null(WebHdfsAddressNote.For(path, HadoopConfig.Empty));

    [Fact]
    public void Check_reads_the_hadoop_config_where_the_agent_does_from_conf_not_beside_the_config_file()
    {
        const string coreSite = "<configuration><property><name>fs.defaultFS</name><value>hdfs://nn.example:8020</value></property></configuration>";
        var conf = Directory.CreateDirectory(Path.Combine(_dir, "conf")).FullName;
        File.WriteAllText(Path.Combine(conf, "core-site.xml"), coreSite);
        var config = Path.Combine(_dir, "agent.properties");
        File.WriteAllText(config, """
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = seq
            a1.sources.r1.channels = c1
            a1.channels.c1.type = memory
            a1.sinks.k1.type = hdfs
            a1.sinks.k1.channel = c1
            a1.sinks.k1.hdfs.path = /flume/events
            """);
        var withConf = CliRunner.Run(null, "agent", "--check", "-c", conf, "-f", config, "-n", "a1");
        Assert.Contains("http://nn.example:9870", withConf.Stdout, StringComparison.Ordinal);
        // Beside the config file only: the agent would write to the local disk, and --check says nothing of a cluster.
        File.WriteAllText(Path.Combine(_dir, "core-site.xml"), coreSite);
        var beside = CliRunner.Run(null, "agent", "--check", "-f", config, "-n", "a1");
        Assert.DoesNotContain("nn.example", beside.Stdout, StringComparison.Ordinal);
    }
}
