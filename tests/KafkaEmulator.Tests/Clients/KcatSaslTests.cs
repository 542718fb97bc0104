using FlumeNet.KafkaEmulator.Tests.Infrastructure;
using FlumeNet.Tools.KafkaEmulator.Sasl;

namespace FlumeNet.KafkaEmulator.Tests.Clients;

/// <summary>
/// The emulator's SASL_PLAINTEXT listener checked by kcat (librdkafka's own PLAIN and SCRAM clients): the right
/// account produces and consumes in a group, a wrong password gets no metadata, and nothing but the handshake is
/// served before authentication.
/// </summary>
public sealed class KcatSaslTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private EmulatorHost _emulator = null!;

    public async Task InitializeAsync() => _emulator = await EmulatorHost.Start(1, new SaslUsers(
        new Dictionary<string, string> { ["alice"] = "alice-Secret-1", ["bob"] = "b0b,=pass" },
        ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]));

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [KcatTheory]
    [InlineData("PLAIN", "alice", "alice-Secret-1")]
    [InlineData("SCRAM-SHA-256", "alice", "alice-Secret-1")]
    [InlineData("SCRAM-SHA-512", "bob", "b0b,=pass")]
    public void RightAccount_ProducesAndConsumesInAGroup(string mechanism, string user, string password)
    {
        var topic = "sasl-" + mechanism.ToLowerInvariant();
        _emulator.CreateTopic(topic, 2);
        var produced = Kcat(mechanism, user, password, ["-P", "-t", topic], ExternalTool.Lines(0, 200));
        Assert.True(produced.ExitCode == 0, produced.Stderr);
        Assert.Equal(200, _emulator.HighWatermarkSum(topic));
        var consumed = Kcat(mechanism, user, password, ["-G", "sasl-group-" + mechanism, "-X", "auto.offset.reset=earliest", "-e", "-q", topic], null);
        Assert.True(consumed.ExitCode == 0, consumed.Stderr);
        Assert.Equal(200, consumed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct().Count());
    }

    [KcatTheory]
    [InlineData("PLAIN")]
    [InlineData("SCRAM-SHA-256")]
    public void WrongPassword_GetsNoMetadata(string mechanism)
    {
        var listed = Kcat(mechanism, "alice", "not-the-password", ["-L", "-m", "5"], null);
        Assert.NotEqual(0, listed.ExitCode);
        Assert.DoesNotContain("topic \"", listed.Stdout, StringComparison.Ordinal);
    }

    [KcatFact]
    public void NoSasl_IsRefused()
    {
        var listed = ExternalTool.Run("kcat", ["-b", _emulator.Bootstrap, "-L", "-m", "5"], null, Timeout);
        Assert.NotEqual(0, listed.ExitCode);
    }

    private (int ExitCode, string Stdout, string Stderr) Kcat(string mechanism, string user, string password, IReadOnlyList<string> args, string? stdin) =>
        ExternalTool.Run("kcat", ["-b", _emulator.Bootstrap, "-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=" + mechanism,
            "-X", "sasl.username=" + user, "-X", "sasl.password=" + password, .. args], stdin, Timeout);
}
