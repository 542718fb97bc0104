using System.Diagnostics;
using FlumeNet.Agent.LogHub;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.LogHub;

/// <summary>The client against the emulator (a process): the group lifecycle of Alibaba's library, RAM denials, deadlines, odd answers, masking.</summary>
public sealed class LogHubClientFaultTests : IClassFixture<LogHubClientFaultTests.Emulator>
{
    private const string Project = "cp";
    private const string Store = "cs";
    private readonly Emulator _emulator;

    public LogHubClientFaultTests(Emulator emulator) => _emulator = emulator;

    [Fact]
    public async Task ConsumerGroup_CreatedOnce_UnchangedWhenEqual_UpdatedOnlyWhenDifferent()
    {
        using var client = Client("full-id", "full-secret");
        Assert.Equal(ConsumerGroupChange.Created, (await client.EnsureConsumerGroupAsync("g-life", 20, false, default)).Change);
        Assert.Equal(ConsumerGroupChange.Unchanged, (await client.EnsureConsumerGroupAsync("g-life", 20, false, default)).Change);
        Assert.Equal(ConsumerGroupChange.Updated, (await client.EnsureConsumerGroupAsync("g-life", 20, true, default)).Change);
        var group = (await client.ListConsumerGroupsAsync(default)).Single(g => g.Name == "g-life");
        Assert.True(group.InOrder);
    }

    [Fact]
    public async Task RefusedUpdate_OfAUsableGroup_IsReported_NotThrown_AndOtherDenialsNameTheAction()
    {
        using (var admin = Client("full-id", "full-secret"))
        {
            await admin.EnsureConsumerGroupAsync("g-ram", 30, false, default);
        }
        using var limited = Client("ram-id", "ram-secret");
        var setup = await limited.EnsureConsumerGroupAsync("g-ram", 20, false, default);
        Assert.Equal(ConsumerGroupChange.UpdateRefused, setup.Change);
        Assert.Equal(30, setup.Existing!.TimeoutSeconds);
        Assert.Contains("log:UpdateConsumerGroup", setup.Refusal!.Message, StringComparison.Ordinal);
        var denied = await Assert.ThrowsAsync<LogHubException>(() => limited.ListShardsAsync(default));
        Assert.True(denied.IsPolicyDenial);
        Assert.Contains("add \"log:ListShards\" to the Action list", denied.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecurityToken_EchoedInTheServersStringToSign_IsMasked()
    {
        const string token = "echoed-sts-token-8841";
        using var client = Client("full-id", "wrong-secret", token);
        var ex = await Assert.ThrowsAsync<LogHubException>(() => client.ListShardsAsync(default));
        Assert.Equal("SignatureNotMatch", ex.ErrorCode);
        Assert.Contains("x-acs-security-token:***", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_MasksAnEchoedTokenHeader_WhateverItsValue()
    {
        using var client = Client("full-id", "s3cr3t", "known-token");
        Assert.Equal("a\\nx-acs-security-token:***\\nx-log-apiversion:0.6.0", client.Redact("a\\nx-acs-security-token:other-token\\nx-log-apiversion:0.6.0"));
        Assert.Equal("X-Acs-Security-Token: ***\"", client.Redact("X-Acs-Security-Token: abc\""));
        Assert.Equal("*** and ***", client.Redact("known-token and s3cr3t"));
    }

    [Fact]
    public async Task NullOrEmptyHeartbeatAnswer_MeansNoShards()
    {
        using var client = Client("full-id", "full-secret");
        await client.EnsureConsumerGroupAsync("g-hb", 20, false, default);
        await client.HeartbeatAsync("g-hb", "c1", [], default);
        _emulator.Process.Fault(new { operation = "HeartBeat", status = 0, body = "null", count = 1 });
        Assert.Empty(await client.HeartbeatAsync("g-hb", "c1", [], default));
        _emulator.Process.Fault(new { operation = "HeartBeat", status = 0, body = "", count = 1 });
        Assert.Empty(await client.HeartbeatAsync("g-hb", "c1", [], default));
    }

    [Fact]
    public async Task StalledBody_EndsAtTheRequestDeadline()
    {
        using var client = new LogHubClient(LogHubEndpoint.Parse(_emulator.Process.Url.ToString(), Project), Store, new LogHubCredentials("full-id", "full-secret"))
        {
            RequestTimeout = TimeSpan.FromMilliseconds(500),
            MaxTransientAttempts = 1,
        };
        var cursor = await client.GetCursorAsync(1, "begin", default);
        _emulator.Process.Fault(new { operation = "PullLogs", shard = 1, status = 0, stallBodyMs = 60000, count = 1 });
        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<LogHubException>(() => client.PullLogsAsync(1, cursor, 10, default));
        Assert.Equal(LogHubErrorKind.Transient, ex.Kind);
        Assert.Contains("no complete answer within 0.5 s", ex.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), watch.Elapsed.ToString());
    }

    private LogHubClient Client(string id, string secret, string? token = null) =>
        new(LogHubEndpoint.Parse(_emulator.Process.Url.ToString(), Project), Store, new LogHubCredentials(id, secret, token));

    public sealed class Emulator : IDisposable
    {
        public EmulatorProcess Process { get; } = EmulatorProcess.LogHub("--port", "0", "--project", Project, "--logstore", Store, "--shards", "2",
            "--access-key-id", "full-id", "--access-key", "full-secret", "--key", "ram-id:ram-secret",
            "--ram-policy", "ram-id:log:GetCursorOrData,log:CreateConsumerGroup,log:ListConsumerGroup,log:ConsumerGroupUpdateCheckPoint,log:ConsumerGroupHeartBeat,log:GetConsumerGroupCheckPoint");

        public void Dispose() => Process.Dispose();
    }
}
