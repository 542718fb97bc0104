using System.Diagnostics;
using System.Net;
using FlumeNet.Tools.WebHdfsEmulator.Faults;
using FlumeNet.Tools.WebHdfsEmulator.Protocol;
using FlumeNet.WebHdfsEmulator.Tests.Infrastructure;

namespace FlumeNet.WebHdfsEmulator.Tests;

public sealed class FaultTests : EmulatorTestBase
{
    [Fact]
    public async Task Lease_HitsTheAppendDataStepOnce()
    {
        await CreateFileAsync("/log", Bytes("0;"));
        Server.AddFault(new FaultRule { Op = "APPEND", Kind = FaultKind.Lease });

        var location = await RedirectAsync(HttpMethod.Post, "/log", "APPEND");
        using (var failed = await SendAsync(HttpMethod.Post, location, Bytes("1;")))
        {
            var error = await RemoteError.ReadAsync(failed);
            Assert.Equal((403, "AlreadyBeingCreatedException"), (error.Status, error.Exception));
        }
        using (var retried = await AppendAsync("/log", Bytes("1;")))
        {
            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        }

        Assert.Equal(Bytes("0;1;"), ReadLocal("/log"));
        Assert.Equal(1, Server.GetStats().FaultsInjected);
    }

    [Fact]
    public async Task Recovery_Answers403RecoveryInProgress()
    {
        await CreateFileAsync("/log", Bytes("0;"));
        Server.AddFault(new FaultRule { Op = "append", Kind = FaultKind.Recovery });

        using var response = await AppendAsync("/log", Bytes("1;"));

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal((403, "RecoveryInProgressException", "org.apache.hadoop.hdfs.protocol.RecoveryInProgressException"),
            (error.Status, error.Exception, error.JavaClassName));
        Assert.EndsWith("because lease recovery is in progress. Try again later.", error.Message, StringComparison.Ordinal);
        Assert.Equal(Bytes("0;"), ReadLocal("/log"));
    }

    [Fact]
    public async Task Status_AnswersThatStatusWithARemoteException()
    {
        await CreateFileAsync("/a", Bytes("x"));
        Server.AddFault(new FaultRule { Op = "RENAME", Kind = FaultKind.Status, Status = 500 });

        using var response = await PutAsync("/a", "RENAME", "destination=/b");

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal((500, "RuntimeException"), (error.Status, error.Exception));
        Assert.True(File.Exists(Local("/a")));
    }

    [Fact]
    public async Task Status_WithExplicitExceptionAndMessage()
    {
        Server.AddFault(new FaultRule
        {
            Kind = FaultKind.Status,
            Status = 403,
            Exception = "org.apache.hadoop.ipc.RetriableException",
            Message = "NameNode still not started",
        });

        using var response = await GetAsync("/", "LISTSTATUS");

        var error = await RemoteError.ReadAsync(response);
        Assert.Equal((403, "RetriableException", "org.apache.hadoop.ipc.RetriableException", "NameNode still not started"),
            (error.Status, error.Exception, error.JavaClassName, error.Message));
    }

    [Fact]
    public async Task Count_LimitsHowManyRequestsFail()
    {
        Server.AddFault(new FaultRule { Op = "MKDIRS", Kind = FaultKind.Status, Status = 503, Count = 2 });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await PutAsync("/d", "MKDIRS");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
        Assert.Empty(Server.PendingFaults);
    }

    [Fact]
    public async Task Path_MatchesBySubstring()
    {
        Server.AddFault(new FaultRule { Op = "*", Path = "b.log", Kind = FaultKind.Status, Status = 500, Role = NodeRole.NameNode });

        using (var other = await PutAsync("/a.log", "MKDIRS"))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }
        using (var hit = await PutAsync("/x/b.log.tmp", "MKDIRS"))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, hit.StatusCode);
        }
    }

    [Fact]
    public async Task Reset_CutsTheAppendWithoutWritingAnything()
    {
        await CreateFileAsync("/log", Bytes("0;"));
        Server.AddFault(new FaultRule { Op = "APPEND", Kind = FaultKind.Reset });

        await AssertConnectionCutAsync(() => AppendAsync("/log", RandomBytes(200_000, seed: 1)));

        Assert.Equal(Bytes("0;"), ReadLocal("/log"));
        Assert.Equal(1, Server.GetStats().Statuses.GetValueOrDefault("aborted"));
    }

    [Fact]
    public async Task Reset_OnCreate_LeavesNoFile()
    {
        Server.AddFault(new FaultRule { Op = "CREATE", Kind = FaultKind.Reset });

        await AssertConnectionCutAsync(() => CreateAsync("/new", Bytes("data")));

        Assert.False(File.Exists(Local("/new")));
    }

    [Fact]
    public async Task Partial_AppliesHalfTheAppend_WhichTheClientCanDetectAndTruncate()
    {
        await CreateFileAsync("/log", Bytes("0;"));
        Server.AddFault(new FaultRule { Op = "APPEND", Kind = FaultKind.Partial });

        await AssertConnectionCutAsync(() => AppendAsync("/log", Bytes("12345678")));

        Assert.Equal(Bytes("0;1234"), ReadLocal("/log"));
        Assert.Equal(6, (await StatusAsync("/log")).GetProperty("length").GetInt64());
        Assert.True(await BooleanAsync(await PostAsync("/log", "TRUNCATE", "newlength=2")));
        using (var retry = await AppendAsync("/log", Bytes("12345678")))
        {
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        }
        Assert.Equal(Bytes("0;12345678"), ReadLocal("/log"));
    }

    [Fact]
    public async Task Partial_OnCreate_LeavesTheFirstHalf()
    {
        Server.AddFault(new FaultRule { Op = "CREATE", Kind = FaultKind.Partial });

        await AssertConnectionCutAsync(() => CreateAsync("/new", Bytes("abcdef")));

        Assert.Equal(Bytes("abc"), ReadLocal("/new"));
    }

    [Fact]
    public async Task Partial_OnOpen_CutsTheDownloadHalfway()
    {
        await CreateFileAsync("/r", RandomBytes(100_000, seed: 3));
        Server.AddFault(new FaultRule { Op = "OPEN", Kind = FaultKind.Partial });

        await AssertConnectionCutAsync(() => OpenAsync("/r"));

        Assert.Equal(100_000, (await OpenAsync("/r")).Length);
    }

    [Fact]
    public async Task Slow_DelaysThenServesNormally()
    {
        Server.AddFault(new FaultRule { Op = "GETFILESTATUS", Kind = FaultKind.Slow, DelayMs = 300 });
        var watch = Stopwatch.StartNew();

        var status = await StatusAsync("/");

        Assert.True(watch.ElapsedMilliseconds >= 280, $"served after {watch.ElapsedMilliseconds} ms");
        Assert.Equal("DIRECTORY", status.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Standby_AnswersStandbyExceptionOnce()
    {
        Server.AddFault(new FaultRule { Op = "*", Kind = FaultKind.Standby });

        using (var first = await GetAsync("/", "GETFILESTATUS"))
        {
            var error = await RemoteError.ReadAsync(first);
            Assert.Equal((403, "StandbyException"), (error.Status, error.Exception));
        }
        using var second = await GetAsync("/", "GETFILESTATUS");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task Lease_WithNameNodeRole_FailsStepOne()
    {
        await CreateFileAsync("/log", Bytes("0;"));
        Server.AddFault(new FaultRule { Op = "APPEND", Kind = FaultKind.Lease, Role = NodeRole.NameNode });

        using var response = await PostAsync("/log", "APPEND");

        Assert.Equal(403, (await RemoteError.ReadAsync(response)).Status);
    }

    [Fact]
    public async Task Reset_OnANameNodeOperation_CutsIt()
    {
        Server.AddFault(new FaultRule { Op = "RENAME", Kind = FaultKind.Reset });

        await AssertConnectionCutAsync(() => PutAsync("/a", "RENAME", "destination=/b"));
    }

    [Fact]
    public async Task ClearFaults_DisarmsEverything()
    {
        Server.AddFault(new FaultRule { Kind = FaultKind.Status, Count = 5 });
        Assert.Equal(5, Assert.Single(Server.PendingFaults).Remaining);

        Assert.Equal(1, Server.ClearFaults());

        using var response = await GetAsync("/", "GETFILESTATUS");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(0, 500)]
    [InlineData(1, 200)]
    [InlineData(1, 600)]
    public void InvalidRules_AreRejected(int count, int status)
    {
        Assert.Throws<ArgumentException>(() => Server.AddFault(new FaultRule { Kind = FaultKind.Status, Count = count, Status = status }));
    }
}
