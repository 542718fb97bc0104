using System.Net;
using System.Web;
using FlumeNet.WebHdfsEmulator.Tests.Infrastructure;

namespace FlumeNet.WebHdfsEmulator.Tests;

public sealed class CreateTests : EmulatorTestBase
{
    [Fact]
    public async Task StepOne_RedirectsToDataNodeWithOpaqueParameters_AndCreatesNothing()
    {
        var location = await RedirectAsync(HttpMethod.Put, "/logs/a.txt", "CREATE");

        Assert.Equal("127.0.0.1", location.Host);
        Assert.Equal(Server.DataNodeUri.Port, location.Port);
        Assert.Equal("/webhdfs/v1/logs/a.txt", location.AbsolutePath);
        var query = HttpUtility.ParseQueryString(location.Query);
        Assert.Equal("CREATE", query["op"]);
        Assert.Equal(User, query["user.name"]);
        Assert.Equal($"127.0.0.1:{Server.NameNodeUri.Port}", query["namenoderpcaddress"]);
        Assert.Equal("false", query["overwrite"]);
        Assert.False(File.Exists(Local("/logs/a.txt")));
    }

    [Fact]
    public async Task StepTwo_Returns201WithWebhdfsLocationAndEmptyBody()
    {
        using var response = await CreateAsync("/logs/a.txt", Bytes("hello\n"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"webhdfs://127.0.0.1:{Server.NameNodeUri.Port}/logs/a.txt", response.Headers.Location?.OriginalString);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(Bytes("hello\n"), ReadLocal("/logs/a.txt"));
    }

    [Fact]
    public async Task MissingParents_AreCreatedAsDirectoriesOwnedByTheUser()
    {
        await CreateFileAsync("/x/y/z/f.txt", Bytes("1"));

        var parent = await StatusAsync("/x/y");
        Assert.Equal("DIRECTORY", parent.GetProperty("type").GetString());
        Assert.Equal(User, parent.GetProperty("owner").GetString());
        Assert.True(Directory.Exists(Local("/x/y/z")));
    }

    [Fact]
    public async Task ExistingFile_WithoutOverwrite_Fails403FileAlreadyExistsAtDataStep()
    {
        await CreateFileAsync("/a.txt", Bytes("first"));

        using var response = await CreateAsync("/a.txt", Bytes("second"));

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal(403, error.Status);
        Assert.Equal("FileAlreadyExistsException", error.Exception);
        Assert.Equal("org.apache.hadoop.fs.FileAlreadyExistsException", error.JavaClassName);
        Assert.Contains("/a.txt", error.Message, StringComparison.Ordinal);
        Assert.Equal(Bytes("first"), ReadLocal("/a.txt"));
    }

    [Fact]
    public async Task ExistingFile_WithOverwrite_IsReplaced()
    {
        await CreateFileAsync("/a.txt", Bytes("a much longer first version"));

        using var response = await CreateAsync("/a.txt", Bytes("second"), "overwrite=true");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(Bytes("second"), ReadLocal("/a.txt"));
    }

    [Fact]
    public async Task EmptyBody_CreatesEmptyFile()
    {
        await CreateFileAsync("/empty", []);

        Assert.Equal(0, (await StatusAsync("/empty")).GetProperty("length").GetInt64());
        Assert.Empty(ReadLocal("/empty"));
    }

    [Fact]
    public async Task NoRedirect_Returns200WithLocationJson()
    {
        using var response = await PutAsync("/a.txt", "CREATE", "noredirect=true");

        var location = new Uri((await JsonAsync(response)).GetProperty("Location").GetString()!);
        Assert.Equal(Server.DataNodeUri.Port, location.Port);
        using var upload = await SendAsync(HttpMethod.Put, location, Bytes("via json"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal(Bytes("via json"), ReadLocal("/a.txt"));
    }

    [Fact]
    public async Task BodySentToNameNode_IsDiscardedAndCounted()
    {
        using var stepOne = await SendAsync(HttpMethod.Put, Url("/a.txt", "CREATE"), Bytes("data in the wrong place"));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, stepOne.StatusCode);
        Assert.False(File.Exists(Local("/a.txt")));

        using var stepTwo = await SendAsync(HttpMethod.Put, stepOne.Headers.Location!, []);

        Assert.Equal(HttpStatusCode.Created, stepTwo.StatusCode);
        Assert.Empty(ReadLocal("/a.txt"));
        Assert.Equal(1, Server.GetStats().NameNodeRequestsWithBody);
    }

    [Fact]
    public async Task PermissionReplicationAndBlockSize_AreReportedByGetFileStatus()
    {
        using var response = await CreateAsync("/p.bin", Bytes("x"), "permission=600&replication=2&blocksize=1048576");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var status = await StatusAsync("/p.bin");

        Assert.Equal("600", status.GetProperty("permission").GetString());
        Assert.Equal(2, status.GetProperty("replication").GetInt32());
        Assert.Equal(1048576, status.GetProperty("blockSize").GetInt64());
    }

    [Fact]
    public async Task DirectoryPath_FailsFileAlreadyExists()
    {
        Assert.True(await BooleanAsync(await PutAsync("/dir", "MKDIRS")));

        using var response = await CreateAsync("/dir", Bytes("x"), "overwrite=true");

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal((403, "FileAlreadyExistsException"), (error.Status, error.Exception));
        Assert.Contains("already exists as a directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParentIsFile_FailsParentNotDirectory()
    {
        await CreateFileAsync("/file", Bytes("x"));

        using var response = await CreateAsync("/file/child", Bytes("y"));

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal((403, "ParentNotDirectoryException"), (error.Status, error.Exception));
    }

    [Fact]
    public async Task DataNode_WithoutNameNodeRpcAddress_Fails400()
    {
        var url = new Uri(Server.DataNodeUri, $"/webhdfs/v1/a.txt?op=CREATE&user.name={User}");

        using var response = await SendAsync(HttpMethod.Put, url, Bytes("x"));

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal((400, "IllegalArgumentException"), (error.Status, error.Exception));
        Assert.Contains("namenoderpcaddress", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Local("/a.txt")));
    }

    [Fact]
    public async Task DataNode_RefusesMetadataOperations()
    {
        var url = new Uri(Server.DataNodeUri, $"/webhdfs/v1/?op=GETFILESTATUS&namenoderpcaddress=127.0.0.1:1");

        using var response = await SendAsync(HttpMethod.Get, url);

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal((400, "Invalid operation GETFILESTATUS"), (error.Status, error.Message));
    }
}
