using FlumeNet.Tools.LogHubEmulator;
using FlumeNet.Tools.LogHubEmulator.Protobuf;

namespace FlumeNet.LogHubEmulator.Tests.Infrastructure;

/// <summary>
/// Starts one in-process emulator per test (project <c>proj1</c>, logstore <c>store1</c>, default keys, a manual
/// clock) and a signed test client pointed at it.
/// </summary>
public abstract class EmulatorTestBase : IAsyncLifetime
{
    public const string ProjectName = "proj1";
    public const string LogstoreName = "store1";

    protected ManualClock Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    protected LogHubEmulatorServer Server { get; private set; } = null!;

    protected LogHubTestClient Client { get; private set; } = null!;

    /// <summary>A plain client for the unsigned admin API.</summary>
    protected static HttpClient Admin { get; } = new();

    public virtual async Task InitializeAsync()
    {
        Server = await LogHubEmulatorServer.StartAsync(Configure(new LogHubEmulatorOptions
        {
            Project = ProjectName,
            Logstore = LogstoreName,
            Shards = 2,
            Clock = Clock,
        }));
        Client = NewClient();
    }

    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }

    protected virtual LogHubEmulatorOptions Configure(LogHubEmulatorOptions options) => options;

    /// <summary>A signed client; the key pair defaults to the server's configured one.</summary>
    protected LogHubTestClient NewClient(string? keyId = null, string? secret = null) =>
        new(Server.BaseUri, Clock, keyId ?? Server.Options.AccessKeyId, secret ?? Server.Options.AccessKeySecret);

    /// <summary>A LogGroup of logs with contents <c>seq=&lt;n&gt;</c> for each n, all at <paramref name="time"/>.</summary>
    protected static LogGroupRecord Group(uint time, params int[] seqs) =>
        new(seqs.Select(s => new LogRecord(time, [new("seq", s.ToString(System.Globalization.CultureInfo.InvariantCulture))])).ToList(), Topic: "t", Source: "s");
}
