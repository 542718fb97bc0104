using System.Net;
using FlumeNet.Tools.WebHdfsEmulator;
using FlumeNet.Tools.WebHdfsEmulator.Faults;
using FlumeNet.WebHdfsEmulator.Tests.Infrastructure;

namespace FlumeNet.WebHdfsEmulator.Tests;

/// <summary>
/// The real cluster's behaviours the HDFS sink must cope with: a cut upload closed late by the DataNode, TRUNCATE
/// answering false with block recovery in the background, and the CSRF header.
/// </summary>
public sealed class RealClusterBehaviourTests : EmulatorTestBase
{
    protected override WebHdfsEmulatorOptions Configure(WebHdfsEmulatorOptions options) => options with
    {
        CutCloseDelay = TimeSpan.FromMilliseconds(800),
        TruncateRecovery = TimeSpan.FromMilliseconds(500),
        DefaultBlockSize = 4,
        RequireCsrfHeader = true,
    };

    [Fact]
    public async Task CutUpload_LandsAndReleasesItsLease_OnlyAfterTheCloseDelay()
    {
        await CreateFileAsync("/log", Bytes("0;"));
        Server.AddFault(new FaultRule { Op = "APPEND", Kind = FaultKind.Partial });

        await AssertConnectionCutAsync(() => AppendAsync("/log", Bytes("12345678")));

        // Not visible yet, and the dead upload still holds the lease.
        Assert.Equal(2, (await StatusAsync("/log")).GetProperty("length").GetInt64());
        var blocked = await RemoteError.ReadAsync(await PostAsync("/log", "TRUNCATE", "newlength=2"));
        Assert.Equal((403, "AlreadyBeingCreatedException"), (blocked.Status, blocked.Exception));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await StatusAsync("/log")).GetProperty("length").GetInt64() == 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the cut upload never landed");
            await Task.Delay(50);
        }
        Assert.Equal(Bytes("0;1234"), ReadLocal("/log"));
    }

    [Fact]
    public async Task TruncateOffABlockBoundary_AnswersFalse_AndAppendsWaitForTheRecovery()
    {
        await CreateFileAsync("/log", Bytes("0123456789"));

        Assert.False(await BooleanAsync(await PostAsync("/log", "TRUNCATE", "newlength=6")));
        Assert.Equal(6, (await StatusAsync("/log")).GetProperty("length").GetInt64());
        var during = await RemoteError.ReadAsync(await AppendAsync("/log", Bytes("x")));
        Assert.Equal((403, "RecoveryInProgressException"), (during.Status, during.Exception));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpResponseMessage probe;
        while ((probe = await PostAsync("/log", "TRUNCATE", "newlength=6")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "the recovery never ended");
            probe.Dispose();
            await Task.Delay(50);
        }
        Assert.True(await BooleanAsync(probe));
        Assert.True(await BooleanAsync(await PostAsync("/log", "TRUNCATE", "newlength=4")));
    }

    [Fact]
    public async Task CsrfProtection_RefusesWritesWithoutTheHeader_ReadsStayOpen()
    {
        Http.DefaultRequestHeaders.Remove("X-XSRF-HEADER");
        var refused = await RemoteError.ReadAsync(await PutAsync("/d", "MKDIRS"));
        Assert.Equal(400, refused.Status);
        Assert.Contains("CSRF", refused.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/d", "GETFILESTATUS")).StatusCode);
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Http.DefaultRequestHeaders.Add("X-XSRF-HEADER", "true");
    }
}
