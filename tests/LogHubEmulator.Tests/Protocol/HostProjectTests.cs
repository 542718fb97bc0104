using FlumeNet.LogHubEmulator.Tests.Infrastructure;
using FlumeNet.Tools.LogHubEmulator;

namespace FlumeNet.LogHubEmulator.Tests.Protocol;

/// <summary>The Host → project rule of reference §1.1, observed through GetProject.</summary>
public sealed class HostProjectTests : EmulatorTestBase
{
    private const string Endpoint = "cn-hangzhou.log.aliyuncs.com";

    protected override LogHubEmulatorOptions Configure(LogHubEmulatorOptions options) => options with { EndpointHosts = [Endpoint] };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Server.CreateLogstore("proj2", "other");
    }

    [Theory]
    [InlineData("proj2.localhost:38159", "proj2")] // @alicloud/log, endpoint localhost:P
    [InlineData("proj2.127.0.0.1:38159", "proj2")] // @alicloud/log, endpoint 127.0.0.1:P
    [InlineData("proj2.127.0.0.1", "proj2")] // Python, IP endpoint
    [InlineData("proj2.localhost", "proj2")] // aliyun-sdk, name endpoint (port dropped)
    [InlineData("127.0.0.1:38159", "proj1")] // aliyun-sdk, IP endpoint: the default project
    [InlineData("localhost:38159", "proj1")] // project-less host
    [InlineData("localhost", "proj1")]
    [InlineData("PROJ2.LOCALHOST", "proj2")] // host names are case-insensitive
    [InlineData("proj2." + Endpoint, "proj2")] // configured endpoint host
    [InlineData(Endpoint + ":80", "proj1")] // the bare configured endpoint names no project
    [InlineData("proj2.example.com", "proj2")] // any other name: its first label
    [InlineData("10.1.2.3:80", "proj1")] // any IPv4 literal
    [InlineData("proj1.10.1.2.3", "proj1")]
    public async Task Host_SelectsProject(string host, string expected)
    {
        Client.Host = host;

        using var response = await Client.GetAsync("/");

        var json = await LogHubAssert.OkJsonAsync(response);
        Assert.Equal(expected, json.GetProperty("projectName").GetString());
    }

    [Theory]
    [InlineData("nope.localhost:1234")]
    [InlineData("nope.127.0.0.1")]
    [InlineData("nope." + Endpoint)]
    public async Task UnknownProject_IsProjectNotExist(string host)
    {
        Client.Host = host;

        using var response = await Client.GetAsync($"/logstores/{LogstoreName}/shards");

        var error = await LogHubAssert.ErrorAsync(response, 404, "ProjectNotExist");
        Assert.Contains("nope", error.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProjectFromHost_ScopesTheLogstores()
    {
        Client.Host = "proj2.localhost";

        using var other = await Client.GetAsync("/logstores/other/shards");
        using var missing = await Client.GetAsync($"/logstores/{LogstoreName}/shards");

        await LogHubAssert.OkAsync(other);
        await LogHubAssert.ErrorAsync(missing, 404, "LogStoreNotExist");
    }
}
