using FlumeNet.Agent.Cli;

namespace FlumeNet.Agent.Tests.Cli;

public sealed class AgentArgumentParserTests
{
    [Theory]
    [InlineData("-n", "a1")]
    [InlineData("-na1")]
    [InlineData("-n=a1")]
    [InlineData("--name", "a1")]
    [InlineData("--name=a1")]
    [InlineData("--na", "a1")]
    public void Name_AcceptsEveryCommonsCliForm(params string[] args) => Assert.Equal("a1", AgentArgumentParser.Parse(args).Name);

    [Fact]
    public void ConfFile_IsRepeatable_InOrder()
    {
        var a = AgentArgumentParser.Parse(["-f", "one.properties", "--conf-file=two.properties", "-fthree.properties"]);
        Assert.Equal(["one.properties", "two.properties", "three.properties"], a.ConfigFiles);
    }

    [Fact]
    public void SystemProperties_LastOneWins()
    {
        var a = AgentArgumentParser.Parse(["-Dflume.root.logger=INFO,console", "-Dx=1", "-Dx=2", "-Dempty"]);
        Assert.Equal("INFO,console", a.SystemProperties["flume.root.logger"]);
        Assert.Equal("2", a.SystemProperties["x"]);
        Assert.Equal(string.Empty, a.SystemProperties["empty"]);
    }

    [Theory]
    [InlineData("-Xmx2g")]
    [InlineData("-javaagent:/x.jar")]
    [InlineData("--classpath", "/lib/*")]
    [InlineData("-C", "/lib/*")]
    public void JvmOnlyOptions_AreIgnoredWithANote(params string[] args)
    {
        var a = AgentArgumentParser.Parse(args);
        Assert.Single(a.Ignored);
    }

    [Fact]
    public void PluginsPath_IsColonSeparatedAndRepeatable()
    {
        var a = AgentArgumentParser.Parse(["--plugins-path", "/p1:/p2", "--plugins-path=/p3"]);
        Assert.Equal(["/p1", "/p2", "/p3"], a.PluginsPath);
        Assert.Empty(a.Ignored);
    }

    [Theory]
    [InlineData("-z", "zk:2181")]
    [InlineData("--zkBasePath", "/flume")]
    [InlineData("--conf-uri", "http://h/x.properties")]
    [InlineData("--conf-provider", "com.example.P")]
    [InlineData("--bogus")]
    [InlineData("-q")]
    [InlineData("-n")]
    public void Unsupported_OrUnknown_IsAUsageError(params string[] args) =>
        Assert.Throws<UsageException>(() => AgentArgumentParser.Parse(args));

    [Fact]
    public void ConfUri_File_ReplacesEveryConfFile()
    {
        var a = AgentArgumentParser.Parse(["-f", "ignored.properties", "-u", "file:///etc/flume/a.properties"]);
        Assert.Equal(["/etc/flume/a.properties"], a.ConfigFiles);
        Assert.Contains(a.Ignored, n => n.Contains("--conf-uri", StringComparison.Ordinal));
    }

    [Fact]
    public void PollInterval_AndNoReload()
    {
        var a = AgentArgumentParser.Parse(["-i", "5", "--no-reload-conf"]);
        Assert.Equal(5, a.PollIntervalSeconds);
        Assert.True(a.NoReloadConf);
    }

    [Fact]
    public void OptsFile_GivesDefaults_CommandLineWins()
    {
        var defaults = new Dictionary<string, string> { ["name"] = "fromfile", ["conf-file"] = "file.properties", ["no-reload-conf"] = "yes", ["check"] = "no" };
        var a = AgentArgumentParser.Parse(["-n", "a1"], defaults);
        Assert.Equal("a1", a.Name);
        Assert.Equal(["file.properties"], a.ConfigFiles);
        Assert.True(a.NoReloadConf);
        Assert.False(a.Check);
    }
}
