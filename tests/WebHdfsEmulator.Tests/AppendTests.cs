using System.Net;
using System.Web;
using FlumeNet.WebHdfsEmulator.Tests.Infrastructure;

namespace FlumeNet.WebHdfsEmulator.Tests;

public sealed class AppendTests : EmulatorTestBase
{
    [Fact]
    public async Task TwoSteps_Redirect307ThenAppend200WithEmptyBody()
    {
        await CreateFileAsync("/log.txt", Bytes("one\n"));

        var location = await RedirectAsync(HttpMethod.Post, "/log.txt", "APPEND");
        using var response = await SendAsync(HttpMethod.Post, location, Bytes("two\n"));

        Assert.Equal(Server.DataNodeUri.Port, location.Port);
        Assert.Equal("APPEND", HttpUtility.ParseQueryString(location.Query)["op"]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(Bytes("one\ntwo\n"), ReadLocal("/log.txt"));
    }

    [Fact]
    public async Task MissingFile_Fails404AtStepOne()
    {
        using var response = await PostAsync("/nope.txt", "APPEND");

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal((404, "FileNotFoundException", "java.io.FileNotFoundException"), (error.Status, error.Exception, error.JavaClassName));
        Assert.Equal("File /nope.txt not found.", error.Message);
        Assert.False(File.Exists(Local("/nope.txt")));
    }

    [Fact]
    public async Task FileDeletedBetweenSteps_Fails404AtDataStep()
    {
        await CreateFileAsync("/log.txt", Bytes("one"));
        var location = await RedirectAsync(HttpMethod.Post, "/log.txt", "APPEND");
        Assert.True(await BooleanAsync(await DeleteAsync("/log.txt")));

        using var response = await SendAsync(HttpMethod.Post, location, Bytes("two"));

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal((404, "FileNotFoundException"), (error.Status, error.Exception));
        Assert.False(File.Exists(Local("/log.txt")));
    }

    [Fact]
    public async Task Directory_FailsAtDataStepAsNotAFile()
    {
        Assert.True(await BooleanAsync(await PutAsync("/dir", "MKDIRS")));

        using var response = await AppendAsync("/dir", Bytes("x"));

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal((404, "Path is not a file: /dir"), (error.Status, error.Message));
    }

    [Fact]
    public async Task ManyAppends_AccumulateInOrder()
    {
        await CreateFileAsync("/log.txt", []);

        for (var i = 0; i < 5; i++)
        {
            using var response = await AppendAsync("/log.txt", Bytes($"{i};"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(Bytes("0;1;2;3;4;"), ReadLocal("/log.txt"));
        Assert.Equal(5, Server.GetStats().DataNodeCount("APPEND"));
    }
}
