using FlumeNet.Agent.LogHub;
using FlumeNet.Agent.LogHub.Protocol;
using FlumeNet.Agent.Tests.Support;
using Google.Protobuf;

namespace FlumeNet.Agent.Tests.LogHub;

/// <summary>
/// Issue 15.7: a pull is checkpointed as soon as the sinks stored it, while the next pull waits (a full channel), and
/// never before; the start cursor of a shard with no checkpoint is saved too.
/// </summary>
public sealed class ConsumerGroupCheckpointTests
{
    [Fact]
    public async Task StoredPull_IsCheckpointed_WhileTheNextOneWaits_AndNeverAhead()
    {
        using var emulator = EmulatorProcess.LogHub("--port", "0", "--project", "ckp", "--logstore", "cks", "--shards", "1");
        using var client = new LogHubClient(LogHubEndpoint.Parse(emulator.Url.ToString(), "ckp"), "cks", new LogHubCredentials("emulator-id", "emulator-secret"));
        for (var g = 0; g < 3; g++)
        {
            var group = new LogGroup();
            group.Logs.Add(new Log { Time = 1_700_000_000, Contents = { new Log.Types.Content { Key = "g", Value = g.ToString(System.Globalization.CultureInfo.InvariantCulture) } } });
            await client.PutLogsAsync(group.ToByteArray(), default);
        }
        var begin = await client.GetCursorAsync(0, "begin", default);
        string afterFirst;
        using (var first = await client.PullLogsAsync(0, begin, 1, default))
        {
            afterFirst = first.NextCursor;
        }

        var handler = new BlockingSecondPull();
        var options = new ConsumerGroupOptions
        {
            Group = "g15",
            Consumer = "c1",
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            Position = StartPosition.Begin,
            PullCount = 1,
            CheckpointInterval = TimeSpan.FromMilliseconds(500),
        };
        var worker = new ConsumerGroupWorker(client, options, handler);
        await worker.StartAsync(default);
        try
        {
            // The second pull is stuck in the handler (a full channel): the first one's checkpoint is saved anyway.
            Assert.True(await PollAsync(async () => await Checkpoint(client) == afterFirst), await Checkpoint(client));
            Assert.True(handler.SecondStarted.IsSet);
            // Held for a while, it never moves past what was stored.
            await Task.Delay(1500);
            Assert.Equal(afterFirst, await Checkpoint(client));
        }
        finally
        {
            await worker.DisposeAsync();
        }
        Assert.Equal(afterFirst, await Checkpoint(client));
    }

    [Fact]
    public async Task StartCursor_OfAShardWithNoCheckpoint_IsSaved_BeforeAnyData()
    {
        using var emulator = EmulatorProcess.LogHub("--port", "0", "--project", "ckp", "--logstore", "cks", "--shards", "1");
        using var client = new LogHubClient(LogHubEndpoint.Parse(emulator.Url.ToString(), "ckp"), "cks", new LogHubCredentials("emulator-id", "emulator-secret"));
        var options = new ConsumerGroupOptions { Group = "g-end", Consumer = "c1", HeartbeatInterval = TimeSpan.FromSeconds(1), Position = StartPosition.End };
        var worker = new ConsumerGroupWorker(client, options, new BlockingSecondPull());
        await worker.StartAsync(default);
        try
        {
            var end = await client.GetCursorAsync(0, "end", default);
            Assert.True(await PollAsync(async () => await Checkpoint(client, "g-end") == end));
        }
        finally
        {
            await worker.DisposeAsync();
        }
    }

    private static async Task<string> Checkpoint(LogHubClient client, string group = "g15") =>
        (await client.GetCheckpointsAsync(group, default)).Single(c => c.ShardId == 0).Cursor;

    private static async Task<bool> PollAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
    }

    private sealed class BlockingSecondPull : IShardBatchHandler
    {
        private int _calls;

        public ManualResetEventSlim SecondStarted { get; } = new();

        public async ValueTask<Func<bool>?> HandleAsync(int shard, PulledLogs logs, CancellationToken stopping)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                return () => true;
            }
            SecondStarted.Set();
            try
            {
                await Task.Delay(Timeout.Infinite, stopping);
            }
            catch (OperationCanceledException)
            {
                // Stopping: the pull is given up, as a source does.
            }
            return null;
        }

        public void ReportFailedCall()
        {
        }

        public void ReportSkippedList()
        {
        }
    }
}
