using FlumeNet.Tools.LogHubEmulator;

namespace FlumeNet.LogHubEmulator.Tests.Cli;

public sealed class CommandLineTests
{
    [Fact]
    public void AllOptions_AreParsed()
    {
        var (options, error) = CommandLine.Parse(
            ["--port", "4000", "--state", "/tmp/s", "--access-key-id", "id1", "--access-key", "sec1", "--key", "id2:sec:2",
             "--project", "p", "--logstore", "l", "--shards", "4", "--endpoint-host", "cn-hangzhou.log.aliyuncs.com", "--log-requests"]);

        Assert.Null(error);
        Assert.NotNull(options);
        Assert.Equal(4000, options.Port);
        Assert.Equal("/tmp/s", options.StateDirectory);
        Assert.Equal(("id1", "sec1"), (options.AccessKeyId, options.AccessKeySecret));
        Assert.Equal("sec:2", options.AdditionalAccessKeys["id2"]);
        Assert.Equal(("p", "l", 4), (options.Project, options.Logstore, options.Shards));
        Assert.Equal(["cn-hangzhou.log.aliyuncs.com"], options.EndpointHosts);
        Assert.NotNull(options.RequestLog);
    }

    [Fact]
    public void Defaults_AreAnEphemeralPortAndTheEmulatorKey()
    {
        var (options, error) = CommandLine.Parse([]);

        Assert.Null(error);
        Assert.Equal(0, options!.Port);
        Assert.Equal(("emulator-id", "emulator-secret"), (options.AccessKeyId, options.AccessKeySecret));
        Assert.Null(options.StateDirectory);
        Assert.Null(options.Project);
    }

    [Theory]
    [InlineData("--port", "x")]
    [InlineData("--port", "70000")]
    [InlineData("--shards", "0")]
    [InlineData("--access-key-id", "only-the-id")]
    [InlineData("--logstore", "without-project")]
    [InlineData("--key", "no-colon")]
    [InlineData("--bogus", "1")]
    [InlineData("--port")]
    public void InvalidArguments_AreErrors(params string[] args)
    {
        var (options, error) = CommandLine.Parse(args);

        Assert.Null(options);
        Assert.False(string.IsNullOrEmpty(error));
    }
}
