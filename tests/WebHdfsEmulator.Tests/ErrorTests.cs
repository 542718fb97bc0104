using System.Net;
using FlumeNet.Tools.WebHdfsEmulator;
using FlumeNet.WebHdfsEmulator.Tests.Infrastructure;

namespace FlumeNet.WebHdfsEmulator.Tests;

public sealed class ErrorTests : EmulatorTestBase
{
    [Fact]
    public async Task UnknownOp_Fails400WithWebHdfsMessage()
    {
        using var response = await PutAsync("/a", "FROBNICATE");

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal((400, "IllegalArgumentException", "java.lang.IllegalArgumentException"), (error.Status, error.Exception, error.JavaClassName));
        Assert.StartsWith("Invalid value for webhdfs parameter \"op\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpOfAnotherHttpMethod_Fails400()
    {
        using var response = await GetAsync("/a", "CREATE");

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal(400, error.Status);
        Assert.Contains("GetOpParam.Op.CREATE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingOp_Fails400UnsupportedOperation()
    {
        using var response = await SendAsync(HttpMethod.Get, new Uri(Server.NameNodeUri, "/webhdfs/v1/"));

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal((400, "UnsupportedOperationException"), (error.Status, error.Exception));
    }

    [Fact]
    public async Task RealButNotEmulatedOp_Fails400UnsupportedOperation()
    {
        using var response = await GetAsync("/", "GETCONTENTSUMMARY");

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal((400, "UnsupportedOperationException"), (error.Status, error.Exception));
    }

    [Fact]
    public async Task OpAndParameterNames_AreCaseInsensitive()
    {
        await CreateFileAsync("/a", Bytes("x"));

        using var response = await SendAsync(HttpMethod.Get, new Uri(Server.NameNodeUri, "/webhdfs/v1/a?OP=getfilestatus&User.Name=someone"));

        Assert.Equal("FILE", (await JsonAsync(response)).GetProperty("FileStatus").GetProperty("type").GetString());
        Assert.Equal(1, Server.GetStats().Users.GetValueOrDefault("someone"));
    }

    [Theory]
    [InlineData("/a/../b")]
    [InlineData("/a/./b")]
    [InlineData("/a:b")]
    public async Task InvalidPath_Fails400InvalidPathException(string path)
    {
        var raw = new Uri(Server.NameNodeUri.AbsoluteUri + "webhdfs/v1" + path + "?op=GETFILESTATUS",
            new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

        using var response = await SendAsync(HttpMethod.Get, raw);

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal((400, "InvalidPathException", "org.apache.hadoop.fs.InvalidPathException"), (error.Status, error.Exception, error.JavaClassName));
        Assert.Equal(1, Server.GetStats().InvalidRequests);
    }

    [Fact]
    public async Task MalformedBooleanParameter_Fails400()
    {
        using var response = await PutAsync("/a", "CREATE", "overwrite=yes");

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal(400, error.Status);
        Assert.StartsWith("Invalid value for webhdfs parameter \"overwrite\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedPermission_Fails400()
    {
        using var response = await PutAsync("/d", "MKDIRS", "permission=999");

        Assert.Equal(400, (await RemoteError.ReadAsync(response)).Status);
        Assert.False(Directory.Exists(Local("/d")));
    }

    [Fact]
    public async Task PathOutsideWebHdfs_Is404()
    {
        using var response = await SendAsync(HttpMethod.Get, new Uri(Server.NameNodeUri, "/jmx"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task OtherHttpMethod_Is405()
    {
        using var response = await SendAsync(HttpMethod.Patch, Url("/a", "CREATE"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task EffectiveUser_IsDoAsThenUserNameThenDrWho()
    {
        await CreateFileAsync("/owned-by-tester", Bytes("x"));
        using (var response = await PutAsync("/proxied", "MKDIRS", "doas=flume"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using (var response = await SendAsync(HttpMethod.Put, new Uri(Server.NameNodeUri, "/webhdfs/v1/anonymous?op=MKDIRS")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(User, (await StatusAsync("/owned-by-tester")).GetProperty("owner").GetString());
        Assert.Equal("flume", (await StatusAsync("/proxied")).GetProperty("owner").GetString());
        Assert.Equal("dr.who", (await StatusAsync("/anonymous")).GetProperty("owner").GetString());
    }
}

public sealed class RequireUserTests : EmulatorTestBase
{
    protected override WebHdfsEmulatorOptions Configure(WebHdfsEmulatorOptions options) => options with { RequireUser = true };

    [Fact]
    public async Task RequestWithoutUserName_Fails401SecurityException()
    {
        using var response = await SendAsync(HttpMethod.Get, new Uri(Server.NameNodeUri, "/webhdfs/v1/?op=GETFILESTATUS"));

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal((401, "SecurityException"), (error.Status, error.Exception));
        Assert.Contains("Negotiate", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestWithUserName_IsServed()
    {
        await CreateFileAsync("/a", Bytes("x"));

        Assert.Equal("FILE", (await StatusAsync("/a")).GetProperty("type").GetString());
    }
}

public sealed class StandbyTests : EmulatorTestBase
{
    protected override WebHdfsEmulatorOptions Configure(WebHdfsEmulatorOptions options) => options with { Standby = true };

    [Theory]
    [InlineData("GET", "GETFILESTATUS", "READ")]
    [InlineData("PUT", "CREATE", "WRITE")]
    [InlineData("POST", "APPEND", "WRITE")]
    [InlineData("PUT", "RENAME", "WRITE")]
    public async Task EveryOperation_Fails403StandbyException(string method, string op, string category)
    {
        using var response = await SendAsync(new HttpMethod(method), Url("/a", op, "destination=/b"));

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal((403, "StandbyException", "org.apache.hadoop.ipc.StandbyException"), (error.Status, error.Exception, error.JavaClassName));
        Assert.Equal($"Operation category {category} is not supported in state standby", error.Message);
    }

    [Fact]
    public async Task BecomingActive_ServesAgain()
    {
        Server.Standby = false;

        await CreateFileAsync("/a", Bytes("x"));

        Assert.Equal(Bytes("x"), ReadLocal("/a"));
    }
}
