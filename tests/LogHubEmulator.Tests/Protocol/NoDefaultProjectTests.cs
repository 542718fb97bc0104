using FlumeNet.LogHubEmulator.Tests.Infrastructure;
using FlumeNet.Tools.LogHubEmulator;

namespace FlumeNet.LogHubEmulator.Tests.Protocol;

/// <summary>Without --project, an IP Host has no project until CreateProject names one (reference §3.5).</summary>
public sealed class NoDefaultProjectTests : EmulatorTestBase
{
    protected override LogHubEmulatorOptions Configure(LogHubEmulatorOptions options) => options with { Project = null, Logstore = null };

    [Fact]
    public async Task IpHost_WithoutAnyProject_IsProjectNotExist()
    {
        using var response = await Client.GetAsync("/logstores");

        await LogHubAssert.ErrorAsync(response, 404, "ProjectNotExist");
    }

    [Fact]
    public async Task CreateProject_TakesTheNameFromTheBody_AndBecomesTheDefault()
    {
        Client.Host = $"localhost:{Server.Port}";
        using var created = await Client.PostJsonAsync("/", """{"projectName":"made","description":"by test"}""");
        await LogHubAssert.OkAsync(created);

        using var again = await Client.PostJsonAsync("/", """{"projectName":"made","description":"by test"}""");
        await LogHubAssert.ErrorAsync(again, 400, "ProjectAlreadyExist");

        Client.Host = null;
        using var project = await Client.GetAsync("/");
        var json = await LogHubAssert.OkJsonAsync(project);
        Assert.Equal("made", json.GetProperty("projectName").GetString());
        Assert.Equal("by test", json.GetProperty("description").GetString());
        Assert.Equal("made", Server.DefaultProject);
    }
}
