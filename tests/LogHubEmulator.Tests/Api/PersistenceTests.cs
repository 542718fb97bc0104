using FlumeNet.LogHubEmulator.Tests.Infrastructure;
using FlumeNet.Tools.LogHubEmulator;
using FlumeNet.Tools.LogHubEmulator.Protobuf;

namespace FlumeNet.LogHubEmulator.Tests.Api;

/// <summary><c>--state DIR</c>: everything survives a restart of the emulator.</summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "loghub-emulator-tests-" + Guid.NewGuid().ToString("N"));
    private readonly ManualClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Restart_KeepsLogsShardsCursorsGroupsAndCheckpoints()
    {
        string begin0, end0, checkpoint;
        List<LogHubStoredLogSnapshot> logsBefore;
        await using (var first = await StartAsync())
        {
            using var client = Client(first);
            for (var i = 0; i < 6; i++)
            {
                using var put = await client.PutLogsAsync("store1", new LogGroupRecord([new LogRecord((uint)(1700000000 + i), [new("seq", i.ToString(System.Globalization.CultureInfo.InvariantCulture))])]), i % 2 == 0 ? "lz4" : null);
                await LogHubAssert.OkAsync(put);
                _clock.Advance(TimeSpan.FromSeconds(10));
            }

            first.SplitShard("proj1", "store1", 1);
            using (var created = await client.PostJsonAsync("/logstores/store1/consumergroups", """{"consumerGroup":"cg","timeout":600,"order":true}"""))
            {
                await LogHubAssert.OkAsync(created);
            }

            using (var heartbeat = await client.PostJsonAsync("/logstores/store1/consumergroups/cg?type=heartbeat&consumer=c1", "[]"))
            {
                await LogHubAssert.OkAsync(heartbeat);
            }

            begin0 = await client.CursorAsync("store1", 0, "begin");
            end0 = await client.CursorAsync("store1", 0, "end");
            checkpoint = (await client.PullAsync("store1", 0, begin0, 1)).NextCursor;
            using (var saved = await client.PostJsonAsync("/logstores/store1/consumergroups/cg?type=checkpoint&consumer=c1&forceSuccess=false", $$"""{"shard":0,"checkpoint":"{{checkpoint}}"}"""))
            {
                await LogHubAssert.OkAsync(saved);
            }

            logsBefore = Snapshot(first.GetLogs("proj1", "store1"));
        }

        await using var second = await StartAsync();
        using var again = Client(second);

        Assert.Equal(logsBefore, Snapshot(second.GetLogs("proj1", "store1")));
        Assert.Equal(["readwrite", "readonly", "readwrite", "readwrite"], second.ListShards("proj1", "store1").Select(s => s.Status));
        Assert.Equal(begin0, await again.CursorAsync("store1", 0, "begin"));
        Assert.Equal(end0, await again.CursorAsync("store1", 0, "end"));
        var pulled = await again.PullAsync("store1", 0, begin0);
        Assert.Equal(["0", "2", "4"], pulled.Groups.Select(g => g.Logs[0].Contents[0].Value));
        Assert.Equal(await again.CursorAsync("store1", 0, "1800000010"), (await again.PullAsync("store1", 0, begin0, 1)).NextCursor);

        using (var groups = await again.GetAsync("/logstores/store1/consumergroups"))
        {
            Assert.Equal("""[{"name":"cg","timeout":600,"order":true}]""", await groups.Content.ReadAsStringAsync());
        }

        using (var checkpoints = await again.GetAsync("/logstores/store1/consumergroups/cg?shard=0"))
        {
            var entry = (await LogHubAssert.OkJsonAsync(checkpoints))[0];
            Assert.Equal(checkpoint, entry.GetProperty("checkpoint").GetString());
            Assert.Equal("c1", entry.GetProperty("consumer").GetString());
        }

        // The consumer is still registered: a heartbeat with its shards is accepted; children of the split shard wait (order).
        using (var heartbeat = await again.PostJsonAsync("/logstores/store1/consumergroups/cg?type=heartbeat&consumer=c1", "[0,1]"))
        {
            Assert.Equal("[0,1]", await heartbeat.Content.ReadAsStringAsync());
        }

        using var put2 = await again.PutLogsAsync("store1", new LogGroupRecord([new LogRecord(1, [new("seq", "6")])]), target: $"/shards/route?key={new string('0', 32)}");
        await LogHubAssert.OkAsync(put2);
        Assert.Equal(4, (await again.PullAsync("store1", 0, begin0)).Count);
    }

    [Fact]
    public async Task TornLastRecord_IsIgnoredOnLoad()
    {
        await using (var first = await StartAsync())
        {
            first.PutLogGroup("proj1", "store1", new LogGroupRecord([new LogRecord(1, [new("seq", "1")])]), shard: 0);
        }

        var file = Directory.GetFiles(_directory, "shard-0.bin", SearchOption.AllDirectories).Single();
        await File.AppendAllBytesAsync(file, [1, 2, 3, 4, 5]);

        await using (var second = await StartAsync())
        {
            Assert.Single(second.GetLogs("proj1", "store1"));
            second.PutLogGroup("proj1", "store1", new LogGroupRecord([new LogRecord(1, [new("seq", "2")])]), shard: 0);
        }

        await using var third = await StartAsync();
        Assert.Equal(["1", "2"], third.GetLogs("proj1", "store1").Select(l => l.Contents[0].Value));
    }

    [Fact]
    public async Task DeletedLogstore_StaysDeleted_AndARecreatedOneStartsEmpty()
    {
        await using (var first = await StartAsync())
        {
            first.PutLogGroup("proj1", "store1", new LogGroupRecord([new LogRecord(1, [new("seq", "1")])]), shard: 0);
            using var client = Client(first);
            using var deleted = await client.SendAsync(HttpMethod.Delete, "/logstores/store1");
            await LogHubAssert.OkAsync(deleted);
        }

        // The configured logstore is created again at startup, empty.
        await using var second = await StartAsync();
        Assert.Empty(second.GetLogs("proj1", "store1"));
    }

    private static List<LogHubStoredLogSnapshot> Snapshot(IReadOnlyList<Tools.LogHubEmulator.State.LogHubStoredLog> logs) =>
        logs.Select(l => new LogHubStoredLogSnapshot(l.Shard, l.Cursor, l.ReceiveTimeMs, l.Time, string.Join(",", l.Contents))).ToList();

    private Task<LogHubEmulatorServer> StartAsync() =>
        LogHubEmulatorServer.StartAsync(new LogHubEmulatorOptions { StateDirectory = _directory, Project = "proj1", Logstore = "store1", Clock = _clock });

    private LogHubTestClient Client(LogHubEmulatorServer server) =>
        new(server.BaseUri, _clock, LogHubEmulatorOptions.DefaultAccessKeyId, LogHubEmulatorOptions.DefaultAccessKeySecret);

    private sealed record LogHubStoredLogSnapshot(int Shard, string Cursor, long ReceiveTimeMs, uint Time, string Contents);
}
