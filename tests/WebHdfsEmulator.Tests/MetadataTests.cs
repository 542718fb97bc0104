using FlumeNet.WebHdfsEmulator.Tests.Infrastructure;

namespace FlumeNet.WebHdfsEmulator.Tests;

public sealed class MetadataTests : EmulatorTestBase
{
    [Fact]
    public async Task Mkdirs_CreatesParents_AndIsTrueWhenTheDirectoryExists()
    {
        Assert.True(await BooleanAsync(await PutAsync("/a/b/c", "MKDIRS")));
        Assert.True(await BooleanAsync(await PutAsync("/a/b/c", "MKDIRS")));

        Assert.True(Directory.Exists(Local("/a/b/c")));
        Assert.Equal("755", (await StatusAsync("/a/b/c")).GetProperty("permission").GetString());
    }

    [Fact]
    public async Task Mkdirs_OverAFile_Fails403()
    {
        await CreateFileAsync("/f", Bytes("x"));

        using var response = await PutAsync("/f", "MKDIRS");

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal((403, "FileAlreadyExistsException"), (error.Status, error.Exception));
    }

    [Fact]
    public async Task GetFileStatus_File_ReportsEveryField()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 2000;
        await CreateFileAsync("/s/f.bin", Bytes("12345"));

        var status = await StatusAsync("/s/f.bin");

        var names = status.EnumerateObject().Select(p => p.Name).ToList();
        foreach (var field in new[] { "accessTime", "blockSize", "group", "length", "modificationTime", "owner", "pathSuffix", "permission", "replication", "type" })
        {
            Assert.Contains(field, names);
        }
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal("FILE", status.GetProperty("type").GetString());
        Assert.Equal(5, status.GetProperty("length").GetInt64());
        Assert.Equal("", status.GetProperty("pathSuffix").GetString());
        Assert.Equal("644", status.GetProperty("permission").GetString());
        Assert.Equal(User, status.GetProperty("owner").GetString());
        Assert.Equal("supergroup", status.GetProperty("group").GetString());
        Assert.Equal(3, status.GetProperty("replication").GetInt32());
        Assert.Equal(134217728, status.GetProperty("blockSize").GetInt64());
        Assert.InRange(status.GetProperty("modificationTime").GetInt64(), before, before + 60_000);
    }

    [Fact]
    public async Task GetFileStatus_Directory()
    {
        Assert.True(await BooleanAsync(await PutAsync("/d", "MKDIRS")));
        await CreateFileAsync("/d/x", Bytes("x"));

        var status = await StatusAsync("/d");

        Assert.Equal("DIRECTORY", status.GetProperty("type").GetString());
        Assert.Equal(0, status.GetProperty("length").GetInt64());
        Assert.Equal(0, status.GetProperty("replication").GetInt32());
        Assert.Equal(1, status.GetProperty("childrenNum").GetInt32());
    }

    [Fact]
    public async Task GetFileStatus_Missing_Answers404WithTheExactRemoteExceptionBody()
    {
        using var response = await GetAsync("/x", "GETFILESTATUS");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(
            """{"RemoteException":{"exception":"FileNotFoundException","javaClassName":"java.io.FileNotFoundException","message":"File does not exist: /x"}}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ListStatus_IsSortedByName_WithChildNamesAsPathSuffix()
    {
        foreach (var name in new[] { "b.log", "a.log", "C.log", "a.log.tmp" })
        {
            await CreateFileAsync($"/l/{name}", Bytes(name));
        }
        Assert.True(await BooleanAsync(await PutAsync("/l/sub", "MKDIRS")));

        using var response = await GetAsync("/l", "LISTSTATUS");
        var entries = (await JsonAsync(response)).GetProperty("FileStatuses").GetProperty("FileStatus").EnumerateArray().ToList();

        Assert.Equal(new[] { "C.log", "a.log", "a.log.tmp", "b.log", "sub" }, entries.Select(e => e.GetProperty("pathSuffix").GetString()));
        Assert.Equal(9, entries[2].GetProperty("length").GetInt64());
        Assert.Equal("DIRECTORY", entries[4].GetProperty("type").GetString());
    }

    [Fact]
    public async Task ListStatus_OnAFile_ReturnsOneEntryWithEmptySuffix()
    {
        await CreateFileAsync("/f", Bytes("abc"));

        using var response = await GetAsync("/f", "LISTSTATUS");
        var entry = Assert.Single((await JsonAsync(response)).GetProperty("FileStatuses").GetProperty("FileStatus").EnumerateArray());

        Assert.Equal("", entry.GetProperty("pathSuffix").GetString());
        Assert.Equal(3, entry.GetProperty("length").GetInt64());
    }

    [Fact]
    public async Task ListStatus_Missing_Fails404()
    {
        using var response = await GetAsync("/none", "LISTSTATUS");

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal((404, "FileNotFoundException"), (error.Status, error.Exception));
    }

    [Fact]
    public async Task FilesWrittenToTheFolderDirectly_AreVisibleWithDefaultAttributes()
    {
        WriteLocal("/pre/existing.txt", Bytes("from disk"));

        var status = await StatusAsync("/pre/existing.txt");

        Assert.Equal(9, status.GetProperty("length").GetInt64());
        Assert.Equal(Environment.UserName, status.GetProperty("owner").GetString());
        Assert.Equal("644", status.GetProperty("permission").GetString());
    }

    [Fact]
    public async Task Delete_File_ReturnsTrue_AndMissingReturnsFalse()
    {
        await CreateFileAsync("/f", Bytes("x"));

        Assert.True(await BooleanAsync(await DeleteAsync("/f")));
        Assert.False(await BooleanAsync(await DeleteAsync("/f")));
        Assert.False(File.Exists(Local("/f")));
    }

    [Fact]
    public async Task Delete_NonEmptyDirectoryWithoutRecursive_Fails403_RecursiveSucceeds()
    {
        await CreateFileAsync("/d/f", Bytes("x"));

        using (var response = await DeleteAsync("/d"))
        {
            var error = await RemoteError.ReadAsync(response);
            Assert.Equal((403, "PathIsNotEmptyDirectoryException"), (error.Status, error.Exception));
        }
        Assert.True(File.Exists(Local("/d/f")));

        Assert.True(await BooleanAsync(await DeleteAsync("/d", "recursive=true")));
        Assert.False(Directory.Exists(Local("/d")));
    }

    [Fact]
    public async Task Delete_EmptyDirectoryWithoutRecursive_ReturnsTrue()
    {
        Assert.True(await BooleanAsync(await PutAsync("/d", "MKDIRS")));

        Assert.True(await BooleanAsync(await DeleteAsync("/d")));
    }

    [Fact]
    public async Task Truncate_CutsTheFileBack()
    {
        await CreateFileAsync("/t", Bytes("0123456789"));

        Assert.True(await BooleanAsync(await PostAsync("/t", "TRUNCATE", "newlength=4")));

        Assert.Equal(Bytes("0123"), ReadLocal("/t"));
        Assert.Equal(4, (await StatusAsync("/t")).GetProperty("length").GetInt64());
    }

    [Theory]
    [InlineData("newlength=11", 400, "HadoopIllegalArgumentException")]
    [InlineData("newlength=-1", 400, "HadoopIllegalArgumentException")]
    [InlineData("newlength=x", 400, "IllegalArgumentException")]
    public async Task Truncate_InvalidLength_Fails(string query, int status, string exception)
    {
        await CreateFileAsync("/t", Bytes("0123456789"));

        using var response = await PostAsync("/t", "TRUNCATE", query);

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal((status, exception), (error.Status, error.Exception));
        Assert.Equal(10, ReadLocal("/t").Length);
    }

    [Fact]
    public async Task Truncate_Missing_Fails404()
    {
        using var response = await PostAsync("/t", "TRUNCATE", "newlength=0");

        Assert.Equal(404, (await RemoteError.ReadAsync(response)).Status);
    }

    [Fact]
    public async Task SetPermissionAndSetOwner_ChangeWhatStatusReports()
    {
        await CreateFileAsync("/f", Bytes("x"));

        using (var response = await PutAsync("/f", "SETPERMISSION", "permission=1750"))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
        using (var response = await PutAsync("/f", "SETOWNER", "owner=flume&group=hadoop"))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        var status = await StatusAsync("/f");
        Assert.Equal("1750", status.GetProperty("permission").GetString());
        Assert.Equal("flume", status.GetProperty("owner").GetString());
        Assert.Equal("hadoop", status.GetProperty("group").GetString());
    }

    [Fact]
    public async Task GetHomeDirectory_IsUnderUser()
    {
        using var response = await GetAsync("/", "GETHOMEDIRECTORY");

        Assert.Equal($"/user/{User}", (await JsonAsync(response)).GetProperty("Path").GetString());
    }

    [Fact]
    public async Task PathWithSpacesAndUnicode_RoundTrips()
    {
        await CreateFileAsync("/dir%20with%20space/%C3%A9%2541.txt", Bytes("x"));

        Assert.True(File.Exists(Local("/dir with space/é%41.txt")));
        using var response = await GetAsync("/dir%20with%20space", "LISTSTATUS");
        var entry = Assert.Single((await JsonAsync(response)).GetProperty("FileStatuses").GetProperty("FileStatus").EnumerateArray());
        Assert.Equal("é%41.txt", entry.GetProperty("pathSuffix").GetString());
    }
}
