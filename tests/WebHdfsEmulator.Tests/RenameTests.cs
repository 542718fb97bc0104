using FlumeNet.WebHdfsEmulator.Tests.Infrastructure;

namespace FlumeNet.WebHdfsEmulator.Tests;

public sealed class RenameTests : EmulatorTestBase
{
    private async Task<bool> RenameAsync(string source, string destination) =>
        await BooleanAsync(await PutAsync(source, "RENAME", "destination=" + Uri.EscapeDataString(destination)));

    [Fact]
    public async Task File_ReturnsTrueAndMoves()
    {
        await CreateFileAsync("/in/a.tmp", Bytes("data"));

        Assert.True(await RenameAsync("/in/a.tmp", "/in/a.log"));

        Assert.False(File.Exists(Local("/in/a.tmp")));
        Assert.Equal(Bytes("data"), ReadLocal("/in/a.log"));
    }

    [Fact]
    public async Task MissingSource_ReturnsFalse()
    {
        Assert.False(await RenameAsync("/nope", "/other"));
        Assert.False(File.Exists(Local("/other")));
    }

    [Fact]
    public async Task ExistingDestinationFile_ReturnsFalseAndKeepsBoth()
    {
        await CreateFileAsync("/a", Bytes("a"));
        await CreateFileAsync("/b", Bytes("b"));

        Assert.False(await RenameAsync("/a", "/b"));

        Assert.Equal(Bytes("a"), ReadLocal("/a"));
        Assert.Equal(Bytes("b"), ReadLocal("/b"));
    }

    [Fact]
    public async Task MissingDestinationParent_ReturnsFalse()
    {
        await CreateFileAsync("/a", Bytes("a"));

        Assert.False(await RenameAsync("/a", "/no/such/dir/a"));

        Assert.True(File.Exists(Local("/a")));
        Assert.False(Directory.Exists(Local("/no")));
    }

    [Fact]
    public async Task ExistingDestinationDirectory_ReceivesTheSource()
    {
        await CreateFileAsync("/a.log", Bytes("a"));
        Assert.True(await BooleanAsync(await PutAsync("/archive", "MKDIRS")));

        Assert.True(await RenameAsync("/a.log", "/archive"));

        Assert.Equal(Bytes("a"), ReadLocal("/archive/a.log"));
        Assert.False(File.Exists(Local("/a.log")));
    }

    [Fact]
    public async Task Directory_MovesItsSubtreeWithAttributes()
    {
        using (var response = await CreateAsync("/d/sub/f", Bytes("f"), "permission=600"))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        }

        Assert.True(await RenameAsync("/d", "/e"));

        Assert.Equal(Bytes("f"), ReadLocal("/e/sub/f"));
        Assert.Equal("600", (await StatusAsync("/e/sub/f")).GetProperty("permission").GetString());
    }

    [Fact]
    public async Task IntoItsOwnSubdirectory_Fails403()
    {
        Assert.True(await BooleanAsync(await PutAsync("/d/sub", "MKDIRS")));

        using var response = await PutAsync("/d", "RENAME", "destination=/d/sub/d");

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal((403, "IOException"), (error.Status, error.Exception));
    }

    [Fact]
    public async Task RelativeDestination_Fails400()
    {
        await CreateFileAsync("/a", Bytes("a"));

        using var response = await PutAsync("/a", "RENAME", "destination=b");

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal((400, "IllegalArgumentException"), (error.Status, error.Exception));
        Assert.Contains("destination", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Root_ReturnsFalse()
    {
        Assert.False(await RenameAsync("/", "/x"));
    }
}
