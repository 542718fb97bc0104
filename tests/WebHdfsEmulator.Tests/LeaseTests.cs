using System.Net;
using FlumeNet.Tools.WebHdfsEmulator;
using FlumeNet.Tools.WebHdfsEmulator.Faults;
using FlumeNet.WebHdfsEmulator.Tests.Infrastructure;

namespace FlumeNet.WebHdfsEmulator.Tests;

public sealed class LeaseTests : EmulatorTestBase
{
    /// <summary>Starts a data step whose body stalls after its first part, and waits until the server holds the lease.</summary>
    private async Task<(Task<HttpResponseMessage> Upload, PausingContent Body)> StartStalledUploadAsync(HttpMethod method, string op, string path, long lengthOnceStarted)
    {
        var location = await RedirectAsync(method, path, op);
        var body = new PausingContent(Bytes("first;"), Bytes("rest"));
        var upload = Http.SendAsync(new HttpRequestMessage(method, location) { Content = body });
        await body.FirstPartSent.WaitAsync(TimeSpan.FromSeconds(10));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(File.Exists(Local(path)) && new FileInfo(Local(path)).Length >= lengthOnceStarted))
        {
            Assert.True(DateTime.UtcNow < deadline, "the stalled upload never reached the file");
            await Task.Delay(10);
        }
        return (upload, body);
    }

    [Fact]
    public async Task CreateWhileAnotherCreateIsUploading_Fails403AlreadyBeingCreated()
    {
        var (upload, body) = await StartStalledUploadAsync(HttpMethod.Put, "CREATE", "/busy", 6);

        using (var second = await CreateAsync("/busy", Bytes("other"), "overwrite=true"))
        {
            var error = await RemoteError.ReadAsync(second);
            Assert.Equal((403, "AlreadyBeingCreatedException", "org.apache.hadoop.hdfs.protocol.AlreadyBeingCreatedException"),
                (error.Status, error.Exception, error.JavaClassName));
            Assert.Contains("is already being created by DFSClient_", error.Message, StringComparison.Ordinal);
        }

        body.Resume();
        using var first = await upload;
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(Bytes("first;rest"), ReadLocal("/busy"));
    }

    [Fact]
    public async Task AppendWhileAnotherAppendIsUploading_Fails403_AndSucceedsAfterwards()
    {
        await CreateFileAsync("/log", Bytes("0;"));
        var (upload, body) = await StartStalledUploadAsync(HttpMethod.Post, "APPEND", "/log", 8);

        using (var second = await AppendAsync("/log", Bytes("x")))
        {
            var error = await RemoteError.ReadAsync(second);
            Assert.Equal((403, "AlreadyBeingCreatedException"), (error.Status, error.Exception));
            Assert.StartsWith("Failed to APPEND_FILE /log for DFSClient_", error.Message, StringComparison.Ordinal);
        }
        using (var truncate = await PostAsync("/log", "TRUNCATE", "newlength=0"))
        {
            Assert.Equal(403, (await RemoteError.ReadAsync(truncate)).Status);
        }

        body.Resume();
        using (var first = await upload)
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        using (var third = await AppendAsync("/log", Bytes("x")))
        {
            Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        }
        Assert.Equal(Bytes("0;first;restx"), ReadLocal("/log"));
    }

    [Fact]
    public async Task RenameDuringUpload_MovesTheLease()
    {
        var (upload, body) = await StartStalledUploadAsync(HttpMethod.Put, "CREATE", "/a.tmp", 6);

        Assert.True(await BooleanAsync(await PutAsync("/a.tmp", "RENAME", "destination=/a.log")));
        using (var appendToNewName = await AppendAsync("/a.log", Bytes("x")))
        {
            Assert.Equal(403, (await RemoteError.ReadAsync(appendToNewName)).Status);
        }

        body.Resume();
        using var first = await upload;
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(Bytes("first;rest"), ReadLocal("/a.log"));
    }
}

public sealed class AbortedLeaseHoldTests : EmulatorTestBase
{
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(60);

    /// <summary>Lease expiry runs on this clock, so a lingering lease lasts exactly as long as the test says.</summary>
    private readonly ManualClock _clock = new();

    protected override WebHdfsEmulatorOptions Configure(WebHdfsEmulatorOptions options) =>
        options with { AbortedLeaseHold = Hold, Clock = _clock };

    [Fact]
    public async Task AfterACutUpload_TheLeaseLingers_ThenExpires()
    {
        await CreateFileAsync("/log", Bytes("0;"));
        Server.AddFault(new FaultRule { Op = "APPEND", Kind = FaultKind.Reset });
        await AssertConnectionCutAsync(() => AppendAsync("/log", Bytes("lost")));

        using (var retry = await AppendAsync("/log", Bytes("1;")))
        {
            var error = await RemoteError.ReadAsync(retry);
            Assert.Equal((403, "AlreadyBeingCreatedException"), (error.Status, error.Exception));
        }
        _clock.Advance(Hold - TimeSpan.FromMilliseconds(1));
        using (var almost = await AppendAsync("/log", Bytes("1;")))
        {
            var error = await RemoteError.ReadAsync(almost);
            Assert.Equal((403, "AlreadyBeingCreatedException"), (error.Status, error.Exception));
        }
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        using (var later = await AppendAsync("/log", Bytes("1;")))
        {
            Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        }
        Assert.Equal(Bytes("0;1;"), ReadLocal("/log"));
    }

    [Fact]
    public async Task ClearLeases_ReleasesALingeringLease()
    {
        await CreateFileAsync("/log", Bytes("0;"));
        Server.AddFault(new FaultRule { Op = "APPEND", Kind = FaultKind.Reset });
        await AssertConnectionCutAsync(() => AppendAsync("/log", Bytes("lost")));

        Server.ClearLeases();

        using var retry = await AppendAsync("/log", Bytes("1;"));
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
    }
}
