using System.Collections.Concurrent;
using System.Globalization;
using FlumeNet.Agent.LogHub;
using FlumeNet.Agent.LogHub.Protocol;
using FlumeNet.Agent.Tests.Support;
using Google.Protobuf;

namespace FlumeNet.Agent.Tests.LogHub;

/// <summary>
/// Pull pacing counts what the service read before an SPL filter: a selective query over a backlog is read at
/// once (each pull read all the log groups it asked for), not one pull per <see cref="ConsumerGroupOptions.PullInterval"/>.
/// </summary>
public sealed class PullPacingTests
{
    [Fact]
    public async Task SelectiveQuery_OverABacklog_IsReadWithoutThePullPause()
    {
        using var emulator = EmulatorProcess.LogHub("--port", "0", "--project", "pp", "--logstore", "ps", "--shards", "1");
        using var client = new LogHubClient(LogHubEndpoint.Parse(emulator.Url.ToString(), "pp"), "ps", new LogHubCredentials("emulator-id", "emulator-secret"));
        for (var g = 0; g < 10; g++)
        {
            var group = new LogGroup();
            group.Logs.Add(new Log { Time = 1_700_000_000, Contents = { new Log.Types.Content { Key = "g", Value = (g % 2).ToString(CultureInfo.InvariantCulture) } } });
            await client.PutLogsAsync(group.ToByteArray(), default);
        }

        // The client reads what the service read before the filter (x-log-rawdatacount, x-log-rawdatasize).
        var begin = await client.GetCursorAsync(0, "begin", default);
        using (var first = await client.PullLogsAsync(0, begin, 2, default, "* | where g = '1'"))
        {
            Assert.Equal(1, first.GroupCount);
            Assert.Equal(2, first.RawGroupCount);
            Assert.Equal(2, first.ReadGroups);
            Assert.True(first.RawSize > first.Length, $"{first.RawSize} read, {first.Length} sent");
        }
        using (var plain = await client.PullLogsAsync(0, begin, 2, default))
        {
            Assert.Equal(-1, plain.RawGroupCount);
            Assert.Equal(2, plain.ReadGroups);
            Assert.Equal(plain.Length, plain.ReadBytes);
        }

        var handler = new Collecting();
        var options = new ConsumerGroupOptions
        {
            Group = "g-pace",
            Consumer = "c1",
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            Position = StartPosition.Begin,
            // Two log groups a pull, one of them left by the query: five pulls that each read all they asked for.
            PullCount = 2,
            Query = "* | where g = '1'",
            // Counted after the filter (one group of two), each pull would wait this long before the next.
            PullInterval = TimeSpan.FromMinutes(2),
        };
        var worker = new ConsumerGroupWorker(client, options, handler);
        await worker.StartAsync(default);
        try
        {
            // Well under one pull pause, however loaded the machine.
            Assert.True(Poll.Until(() => handler.Logs >= 5, TimeSpan.FromSeconds(60)), $"{handler.Logs} of 5 logs read");
            Assert.All(handler.Pulls, p => Assert.Equal(1, p));
        }
        finally
        {
            await worker.DisposeAsync();
        }
    }

    private sealed class Collecting : IShardBatchHandler
    {
        private int _logs;

        public ConcurrentQueue<int> Pulls { get; } = new();

        public int Logs => Volatile.Read(ref _logs);

        public ValueTask<Func<bool>?> HandleAsync(int shard, PulledLogs logs, CancellationToken stopping)
        {
            var position = 0;
            var groups = 0;
            while (LogGroupListDecoder.TryNextGroup(logs.Buffer, logs.Length, ref position, out _, out _))
            {
                groups++;
            }
            Pulls.Enqueue(groups);
            Interlocked.Add(ref _logs, groups);
            return ValueTask.FromResult<Func<bool>?>(() => true);
        }

        public void ReportFailedCall()
        {
        }

        public void ReportSkippedList()
        {
        }
    }
}
