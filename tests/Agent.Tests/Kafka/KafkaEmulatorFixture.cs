namespace FlumeNet.Agent.Tests.Kafka;

/// <summary>One emulator process per test class (each test uses its own topics and groups); auto-created topics get 3 partitions.</summary>
public sealed class KafkaEmulatorFixture : IDisposable
{
    private readonly Lazy<KafkaEmulatorProcess> _emulator = new(() => KafkaEmulatorProcess.Start("--partitions", "3"));

    public KafkaEmulatorProcess Emulator => _emulator.Value;

    public void Dispose()
    {
        if (_emulator.IsValueCreated)
        {
            _emulator.Value.Dispose();
        }
    }
}
