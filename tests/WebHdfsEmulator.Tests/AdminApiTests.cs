using System.Net;
using System.Text;
using System.Text.Json;
using FlumeNet.WebHdfsEmulator.Tests.Infrastructure;

namespace FlumeNet.WebHdfsEmulator.Tests;

public sealed class AdminApiTests : EmulatorTestBase
{
    private Uri Admin(string route) => new(Server.NameNodeUri, "/_emulator/" + route);

    private async Task<JsonElement> AdminAsync(HttpMethod method, string route, string? json = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, Admin(route));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await Http.SendAsync(request);
        return await JsonAsync(response, expected);
    }

    [Fact]
    public async Task PostFaults_ArmsRules_ThatHitTheNextMatchingRequests()
    {
        await CreateFileAsync("/log", Bytes("0;"));

        var added = await AdminAsync(HttpMethod.Post, "faults", """{"op":"APPEND","path":"log","kind":"lease","count":2}""");

        Assert.Equal(1, added.GetProperty("added").GetInt32());
        for (var i = 0; i < 2; i++)
        {
            using var failed = await AppendAsync("/log", Bytes("x"));
            Assert.Equal("AlreadyBeingCreatedException", (await RemoteError.ReadAsync(failed)).Exception);
        }
        using var ok = await AppendAsync("/log", Bytes("x"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task PostFaults_AcceptsAnArray_GetListsThem_DeleteClears()
    {
        await AdminAsync(HttpMethod.Post, "faults",
            """[{"op":"CREATE","kind":"status","status":503,"count":3},{"op":"*","kind":"slow","delayMs":10,"role":"datanode"}]""");

        var listed = (await AdminAsync(HttpMethod.Get, "faults")).GetProperty("faults").EnumerateArray().ToList();
        Assert.Equal(2, listed.Count);
        Assert.Equal(("status", 503, 3, "namenode"), (listed[0].GetProperty("kind").GetString(), listed[0].GetProperty("status").GetInt32(),
            listed[0].GetProperty("remaining").GetInt32(), listed[0].GetProperty("role").GetString()));
        Assert.Equal("datanode", listed[1].GetProperty("role").GetString());

        Assert.Equal(2, (await AdminAsync(HttpMethod.Delete, "faults")).GetProperty("cleared").GetInt32());
        Assert.Empty(Server.PendingFaults);
    }

    [Theory]
    [InlineData("""{"op":"APPEND","kind":"explode"}""", "unknown kind")]
    [InlineData("""{"op":"APPEND","kind":"lease","cuont":2}""", "unknown field")]
    [InlineData("""{"op":"APPEND"}""", "kind is required")]
    [InlineData("""{"kind":"status","status":200}""", "status must be")]
    [InlineData("""not json""", "")]
    public async Task PostFaults_RejectsInvalidRules(string json, string message)
    {
        var error = await AdminAsync(HttpMethod.Post, "faults", json, HttpStatusCode.BadRequest);

        Assert.Contains(message, error.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(Server.PendingFaults);
    }

    [Fact]
    public async Task Stats_CountOpsStatusesUsersAndNameNodeBodies()
    {
        await CreateFileAsync("/a", Bytes("x"));
        using (var withBody = await SendAsync(HttpMethod.Post, Url("/a", "APPEND"), Bytes("ignored")))
        {
            Assert.Equal(HttpStatusCode.TemporaryRedirect, withBody.StatusCode);
        }
        using (var missing = await GetAsync("/missing", "GETFILESTATUS"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        var stats = await AdminAsync(HttpMethod.Get, "stats");

        Assert.Equal(1, stats.GetProperty("namenodeOps").GetProperty("CREATE").GetInt32());
        Assert.Equal(1, stats.GetProperty("namenodeOps").GetProperty("APPEND").GetInt32());
        Assert.Equal(1, stats.GetProperty("datanodeOps").GetProperty("CREATE").GetInt32());
        Assert.Equal(2, stats.GetProperty("statuses").GetProperty("307").GetInt32());
        Assert.Equal(1, stats.GetProperty("statuses").GetProperty("201").GetInt32());
        Assert.Equal(1, stats.GetProperty("statuses").GetProperty("404").GetInt32());
        Assert.Equal(4, stats.GetProperty("users").GetProperty(User).GetInt32());
        Assert.Equal(1, stats.GetProperty("namenodeRequestsWithBody").GetInt32());

        await AdminAsync(HttpMethod.Delete, "stats");
        Assert.Empty((await AdminAsync(HttpMethod.Get, "stats")).GetProperty("statuses").EnumerateObject());
    }

    [Fact]
    public async Task Standby_CanBeToggled()
    {
        Assert.True((await AdminAsync(HttpMethod.Put, "standby?value=true")).GetProperty("standby").GetBoolean());
        using (var refused = await GetAsync("/", "GETFILESTATUS"))
        {
            Assert.Equal("StandbyException", (await RemoteError.ReadAsync(refused)).Exception);
        }

        Assert.False((await AdminAsync(HttpMethod.Put, "standby?value=false")).GetProperty("standby").GetBoolean());
        using var served = await GetAsync("/", "GETFILESTATUS");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task Info_DescribesTheServer()
    {
        var info = await AdminAsync(HttpMethod.Get, "info");

        Assert.Equal(Server.RootDirectory, info.GetProperty("root").GetString());
        Assert.Equal(Server.DataNodeUri.GetLeftPart(UriPartial.Authority), info.GetProperty("datanode").GetString());
        Assert.False(info.GetProperty("httpfs").GetBoolean());
    }

    [Fact]
    public async Task UnknownEndpoint_Is404_WrongMethod405()
    {
        await AdminAsync(HttpMethod.Get, "nothing", expected: HttpStatusCode.NotFound);
        await AdminAsync(HttpMethod.Put, "stats", expected: HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task AdminRequests_AreNotCountedAsWebHdfsTraffic()
    {
        await AdminAsync(HttpMethod.Get, "stats");

        Assert.Empty(Server.GetStats().Statuses);
    }
}
