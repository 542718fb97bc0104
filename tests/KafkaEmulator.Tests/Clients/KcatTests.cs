using FlumeNet.KafkaEmulator.Tests.Infrastructure;

namespace FlumeNet.KafkaEmulator.Tests.Clients;

/// <summary>kcat (librdkafka, Debian kafkacat) produces and consumes through the emulator, groups and faults included.</summary>
public sealed class KcatTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private EmulatorHost _emulator = null!;

    public async Task InitializeAsync() => _emulator = await EmulatorHost.Start();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [KcatFact]
    public void EveryCodec_RoundTripsThroughProduceAndFetch()
    {
        _emulator.CreateTopic("codecs", 3);
        var codecs = new[] { "none", "gzip", "snappy", "lz4", "zstd" };
        for (var i = 0; i < codecs.Length; i++)
        {
            var produced = Kcat(["-P", "-t", "codecs", "-z", codecs[i]], ExternalTool.Lines(i * 1000, 1000));
            Assert.True(produced.ExitCode == 0, produced.Stderr);
        }
        Assert.Equal(5000, _emulator.HighWatermarkSum("codecs"));

        var consumed = Kcat(["-C", "-t", "codecs", "-e", "-q"], null);
        Assert.True(consumed.ExitCode == 0, consumed.Stderr);
        var lines = consumed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5000, lines.Length);
        Assert.Equal(5000, lines.Distinct().Count());
        Assert.Contains("line-4999", lines);
    }

    [KcatFact]
    public async Task BalancedConsumer_CommitsOffsetsAndResumesAfterThem()
    {
        _emulator.CreateTopic("grouped", 3);
        Assert.Equal(0, Kcat(["-P", "-t", "grouped", "-K", ":"], Keyed(0, 300)).ExitCode);

        var first = Kcat(["-G", "kcat-group", "-X", "auto.offset.reset=earliest", "-e", "-q", "grouped"], null);
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal(300, first.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        Assert.Equal(0, Kcat(["-P", "-t", "grouped", "-K", ":"], Keyed(300, 50)).ExitCode);
        var second = Kcat(["-G", "kcat-group", "-X", "auto.offset.reset=earliest", "-e", "-q", "grouped"], null);
        var lines = second.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(50, lines.Length);
        Assert.All(lines, l => Assert.True(int.Parse(l[5..], System.Globalization.CultureInfo.InvariantCulture) >= 300, l));

        using var stats = await _emulator.Stats();
        var group = stats.RootElement.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("id").GetString() == "kcat-group");
        Assert.Equal(350, group.GetProperty("offsets").EnumerateArray().Sum(o => o.GetProperty("offset").GetInt64()));
    }

    [KcatFact]
    public async Task ProduceFaults_AreRetriedByTheClient()
    {
        _emulator.CreateTopic("faulty", 1);
        await _emulator.Fault(new { api = "Produce", topic = "faulty", error = "leader-not-available", count = 2 });
        await _emulator.Fault(new { api = "Produce", topic = "faulty", error = "request-timed-out", count = 1 });
        var produced = Kcat(["-P", "-t", "faulty", "-X", "retry.backoff.ms=10"], ExternalTool.Lines(0, 10));
        Assert.True(produced.ExitCode == 0, produced.Stderr);
        var consumed = Kcat(["-C", "-t", "faulty", "-e", "-q"], null);
        Assert.Contains("line-9", consumed.Stdout.Split('\n'));
        using var stats = await _emulator.Stats();
        Assert.True(stats.RootElement.GetProperty("requests").GetInt64() > 0);
    }

    [KcatFact]
    public void UnknownTopic_IsAutoCreatedOnProduce()
    {
        var produced = Kcat(["-P", "-t", "auto-created"], "one\ntwo\n");
        Assert.True(produced.ExitCode == 0, produced.Stderr);
        Assert.Equal(2, _emulator.HighWatermarkSum("auto-created"));
    }

    private (int ExitCode, string Stdout, string Stderr) Kcat(IReadOnlyList<string> args, string? stdin) =>
        ExternalTool.Run("kcat", ["-b", _emulator.Bootstrap, .. args], stdin, Timeout);

    private static string Keyed(int from, int count)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = from; i < from + count; i++)
        {
            sb.Append('k').Append(i % 7).Append(":line-").Append(i).Append('\n');
        }
        return sb.ToString();
    }
}
