using System.Text.Json;
using FlumeNet.KafkaEmulator.Tests.Infrastructure;

namespace FlumeNet.KafkaEmulator.Tests.Clients;

/// <summary>kafkajs (npm): admin create, gzip produce, a two-member group that splits the partitions, fetched offsets.</summary>
public sealed class KafkajsTests : IAsyncLifetime
{
    private EmulatorHost _emulator = null!;

    public async Task InitializeAsync() => _emulator = await EmulatorHost.Start();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [KafkajsFact]
    public void TwoGroupMembers_ShareThePartitionsAndReadEveryMessage()
    {
        var folder = Path.Combine(ExternalTool.RepoRoot, "tools", "KafkaEmulator", "sdk-check");
        var run = ExternalTool.Run("node", ["check.js", _emulator.Bootstrap, "js-topic", "600", "2"], null, TimeSpan.FromSeconds(120), folder);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        using var result = JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]);
        var root = result.RootElement;
        Assert.True(root.GetProperty("created").GetBoolean());
        Assert.Equal(600, root.GetProperty("distinct").GetInt32());
        Assert.Equal(600, root.GetProperty("committed").GetInt32());
        Assert.All(root.GetProperty("perMember").EnumerateArray(), n => Assert.True(n.GetInt32() > 0, run.Stdout));
        Assert.Equal(600, _emulator.HighWatermarkSum("js-topic"));
    }
}
