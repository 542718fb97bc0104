using FlumeNet.Agent.Hdfs.FileSystems;

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
}
