using FlumeNet.Agent.Hdfs.FileSystems;

namespace FlumeNet.Agent.Tests.Hdfs.FileSystems;

public sealed class NameNodeResolverTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-hadoop-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("webhdfs", "nn:50070", "http://nn:50070/")]
    [InlineData("webhdfs", "nn", "http://nn:9870/ http://nn:50070/")]
    [InlineData("swebhdfs", "nn", "https://nn:9871/ https://nn:50470/")]
    [InlineData("hdfs", "nn:8020", "http://nn:9870/ http://nn:50070/")]
    public void WithoutConfig_UsesHadoopDefaultPorts_Hadoop2sWhenGuessed(string scheme, string authority, string expected) =>
        Assert.Equal(expected, string.Join(' ', NameNodeResolver.Resolve(scheme, authority, HadoopConfig.Empty)));

    [Fact]
    public void WebHdfsNameService_IsResolvedAsHa()
    {
        var hadoop = Config(
            ("dfs.nameservices", "ns1"),
            ("dfs.ha.namenodes.ns1", "a,b"),
            ("dfs.namenode.http-address.ns1.a", "m1:9870"),
            ("dfs.namenode.http-address.ns1.b", "m2:9870"));
        var (nodes, reason) = NameNodeResolver.Explain("webhdfs", "ns1", hadoop);
        Assert.Equal(["http://m1:9870/", "http://m2:9870/"], nodes.Select(u => u.ToString()));
        Assert.Contains("HA nameservice 'ns1'", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void HdfsScheme_TakesHttpAddressFromHdfsSite_WildcardHostBecomesUriHost()
    {
        var hadoop = Config(("dfs.namenode.http-address", "0.0.0.0:50070"));
        Assert.Equal("http://emr-header-1:50070/", Assert.Single(NameNodeResolver.Resolve("hdfs", "emr-header-1:9000", hadoop)).ToString());
    }

    [Fact]
    public void HaNameService_ListsEveryNameNodeInOrder()
    {
        var hadoop = Config(
            ("dfs.nameservices", "emr-cluster"),
            ("dfs.ha.namenodes.emr-cluster", "nn1,nn2"),
            ("dfs.namenode.http-address.emr-cluster.nn1", "master-1:9870"),
            ("dfs.namenode.http-address.emr-cluster.nn2", "master-2:9870"));
        var nodes = NameNodeResolver.Resolve("hdfs", "emr-cluster", hadoop);
        Assert.Equal(["http://master-1:9870/", "http://master-2:9870/"], nodes.Select(u => u.ToString()));
    }

    [Fact]
    public void HaNameService_MissingAddress_NamesTheKey()
    {
        var hadoop = Config(("dfs.nameservices", "ns"), ("dfs.ha.namenodes.ns", "a,b"), ("dfs.namenode.http-address.ns.a", "h:1"));
        var ex = Assert.Throws<InvalidOperationException>(() => NameNodeResolver.Resolve("hdfs", "ns", hadoop));
        Assert.Contains("dfs.namenode.http-address.ns.b", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hdfs://nn:8020/flume/%Y/%m", "/flume/%Y/%m")]
    [InlineData("webhdfs://127.0.0.1:9870/a=1/b", "/a=1/b")]
    public void Resolver_ClusterPaths_GoToWebHdfs(string hdfsPath, string inside)
    {
        var (fs, path) = FileSystemResolver.Resolve(hdfsPath, HadoopConfig.Empty);
        using var web = Assert.IsType<WebHdfsFileSystem>(fs);
        Assert.Equal(inside, path);
    }

    [Fact]
    public void Resolver_DefaultFsFromCoreSite_AppliesToPathsWithoutScheme()
    {
        var hadoop = Config(("fs.defaultFS", "hdfs://nn:8020"));
        var (fs, path) = FileSystemResolver.Resolve("/tmp/flume-data/x", hadoop);
        using var web = Assert.IsType<WebHdfsFileSystem>(fs);
        Assert.Equal("/tmp/flume-data/x", path);
        Assert.Equal("http://nn:9870/", web.Settings.NameNodes[0].ToString());
    }

    [Fact]
    public void Resolver_UnknownScheme_IsRefused() =>
        Assert.Throws<NotSupportedException>(() => FileSystemResolver.Resolve("s3a://bucket/x", HadoopConfig.Empty));

    private HadoopConfig Config(params (string Name, string Value)[] properties)
    {
        var xml = "<configuration>" + string.Concat(properties.Select(p => $"<property><name>{p.Name}</name><value>{p.Value}</value></property>")) + "</configuration>";
        File.WriteAllText(Path.Combine(_dir, "hdfs-site.xml"), xml);
        File.WriteAllText(Path.Combine(_dir, "core-site.xml"), xml);
        return HadoopConfig.Find(_dir, _ => null);
    }
}
