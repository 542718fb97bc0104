using System.Text.Json;
using FlumeNet.KafkaEmulator.Tests.Infrastructure;

namespace FlumeNet.KafkaEmulator.Tests.Clients;

/// <summary>kafka-python (Debian python3-kafka): admin create, gzip produce, two consumers sharing a group, commits.</summary>
public sealed class KafkaPythonTests : IAsyncLifetime
{
    private EmulatorHost _emulator = null!;

    public async Task InitializeAsync() => _emulator = await EmulatorHost.Start();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [PythonKafkaFact]
    public void TwoGroupMembers_ShareThePartitionsAndReadEveryMessage()
    {
        var script = Path.Combine(ExternalTool.RepoRoot, "tools", "KafkaEmulator", "sdk-check", "check_kafka_python.py");
        var run = ExternalTool.Run(ExternalTool.Python, [script, _emulator.Bootstrap, "py-topic", "500"], null, TimeSpan.FromSeconds(120));
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        using var result = JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]);
        var root = result.RootElement;
        Assert.Equal(500, root.GetProperty("distinct").GetInt32());
        Assert.Equal(500, root.GetProperty("committed").GetInt32());
        Assert.All(root.GetProperty("shares").EnumerateArray(), s => Assert.True(s.GetInt32() > 0, run.Stdout));
        Assert.Equal(500, _emulator.HighWatermarkSum("py-topic"));
        Assert.Equal(3, _emulator.Context.Topics.Find("py-topic")!.Length);
    }
}
