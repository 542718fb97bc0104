using System.Net;
using System.Web;
using FlumeNet.Tools.WebHdfsEmulator;
using FlumeNet.WebHdfsEmulator.Tests.Infrastructure;

namespace FlumeNet.WebHdfsEmulator.Tests;

public sealed class HttpFsTests : EmulatorTestBase
{
    protected override WebHdfsEmulatorOptions Configure(WebHdfsEmulatorOptions options) => options with { HttpFs = true };

    [Fact]
    public void UsesASinglePort()
    {
        Assert.True(Server.IsHttpFs);
        Assert.Equal(Server.NameNodeUri, Server.DataNodeUri);
    }

    [Fact]
    public async Task CreateWithoutData_RedirectsBackToItselfWithDataTrue()
    {
        var location = await RedirectAsync(HttpMethod.Put, "/h/a.txt", "create", "overwrite=false&permission=640&noredirect=false");

        Assert.Equal(Server.NameNodeUri.Port, location.Port);
        Assert.Equal("/webhdfs/v1/h/a.txt", location.AbsolutePath);
        var query = HttpUtility.ParseQueryString(location.Query);
        Assert.Equal("CREATE", query["op"]);
        Assert.Equal("true", query["data"]);
        Assert.Equal("640", query["permission"]);
        Assert.Equal(User, query["user.name"]);
        Assert.Null(query["noredirect"]);
        Assert.False(File.Exists(Local("/h/a.txt")));
    }

    [Fact]
    public async Task CreateWithData_StoresTheBodyInOneRequest()
    {
        using var response = await SendAsync(HttpMethod.Put, Url("/h/a.txt", "CREATE", "data=true"), Bytes("one shot"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(new Uri(Server.NameNodeUri, "/webhdfs/v1/h/a.txt"), response.Headers.Location);
        Assert.Equal(Bytes("one shot"), ReadLocal("/h/a.txt"));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    public async Task UploadWithOtherContentType_Fails400(string contentType)
    {
        using var response = await SendAsync(HttpMethod.Put, Url("/h/a.txt", "CREATE", "data=true"), Bytes("x"), contentType);

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal(400, error.Status);
        Assert.Equal("Data upload requests must have content-type set to 'application/octet-stream'", error.Message);
        Assert.False(File.Exists(Local("/h/a.txt")));
    }

    [Fact]
    public async Task UploadWithoutContentType_Fails400()
    {
        var request = new HttpRequestMessage(HttpMethod.Put, Url("/h/a.txt", "CREATE", "data=true")) { Content = new ByteArrayContent(Bytes("x")) };

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task TwoStepCreateAndAppend_FollowingTheRedirects()
    {
        var create = await RedirectAsync(HttpMethod.Put, "/h/log", "CREATE");
        using (var created = await SendAsync(HttpMethod.Put, create, Bytes("a;")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var append = await RedirectAsync(HttpMethod.Post, "/h/log", "APPEND");
        using (var appended = await SendAsync(HttpMethod.Post, append, Bytes("b;")))
        {
            Assert.Equal(HttpStatusCode.OK, appended.StatusCode);
        }

        Assert.Equal(Bytes("a;b;"), ReadLocal("/h/log"));
        Assert.Equal(2, Server.GetStats().NameNodeOps.Values.Sum());
        Assert.Equal(2, Server.GetStats().DataNodeOps.Values.Sum());
    }

    [Fact]
    public async Task Create_OverwritesByDefault()
    {
        await CreateFileAsync("/h/a", Bytes("old content"));

        await CreateFileAsync("/h/a", Bytes("new"));

        Assert.Equal(Bytes("new"), ReadLocal("/h/a"));
    }

    [Fact]
    public async Task IOExceptions_Map500_FileNotFound404()
    {
        await CreateFileAsync("/h/a", Bytes("x"));

        using (var exists = await SendAsync(HttpMethod.Put, Url("/h/a", "CREATE", "data=true&overwrite=false"), Bytes("y")))
        {
            var error = await RemoteError.ReadAsync(exists);
            Assert.Equal((500, "FileAlreadyExistsException"), (error.Status, error.Exception));
        }
        using (var missing = await SendAsync(HttpMethod.Post, Url("/h/none", "APPEND", "data=true"), Bytes("y")))
        {
            var error = await RemoteError.ReadAsync(missing);
            Assert.Equal((404, "FileNotFoundException"), (error.Status, error.Exception));
        }
    }

    [Fact]
    public async Task Open_StreamsDirectlyWithoutRedirect()
    {
        await CreateFileAsync("/h/r", Bytes("0123456789"));

        using var response = await GetAsync("/h/r", "OPEN", "offset=2&length=3");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Bytes("234"), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task NoRedirect_ReturnsTheUploadUrlAsJson()
    {
        using var response = await PutAsync("/h/a", "CREATE", "noredirect=true");

        var location = new Uri((await JsonAsync(response)).GetProperty("Location").GetString()!);
        Assert.Equal("true", HttpUtility.ParseQueryString(location.Query)["data"]);
        using var upload = await SendAsync(HttpMethod.Put, location, Bytes("z"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
    }

    [Fact]
    public async Task MetadataOperations_BehaveAsOnTheNameNode()
    {
        await CreateFileAsync("/h/a.tmp", Bytes("x"));

        using (var rename = await PutAsync("/h/a.tmp", "RENAME", "destination=/h/a.log"))
        {
            Assert.True((await JsonAsync(rename)).GetProperty("boolean").GetBoolean());
        }
        using var list = await GetAsync("/h", "LISTSTATUS");
        var entry = Assert.Single((await JsonAsync(list)).GetProperty("FileStatuses").GetProperty("FileStatus").EnumerateArray());
        Assert.Equal("a.log", entry.GetProperty("pathSuffix").GetString());
    }

    [Fact]
    public async Task BinaryContent_RoundTrips()
    {
        var data = RandomBytes(300_000, seed: 7);

        using (var response = await SendAsync(HttpMethod.Put, Url("/h/bin", "CREATE", "data=true"), data))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        using var read = await GetAsync("/h/bin", "OPEN");

        Assert.Equal(data, await read.Content.ReadAsByteArrayAsync());
    }
}
