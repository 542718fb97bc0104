using System.Net.Http.Json;
using System.Text.Json;
using FlumeNet.Tools.KafkaEmulator.Faults;
using FlumeNet.Tools.KafkaEmulator.Groups;
using FlumeNet.Tools.KafkaEmulator.Handlers;
using FlumeNet.Tools.KafkaEmulator.Sasl;
using FlumeNet.Tools.KafkaEmulator.Server;
using FlumeNet.Tools.KafkaEmulator.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace FlumeNet.KafkaEmulator.Tests.Infrastructure;

/// <summary>The emulator hosted in the test process on free loopback ports: broker plus control API.</summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly GroupCoordinator _groups = new();
    private readonly KafkaBroker _broker;
    private readonly WebApplication _control;
    private readonly HttpClient _http = new();

    private EmulatorHost(int partitions, SaslUsers? sasl)
    {
        Context = new BrokerContext(new TopicStore(partitions, autoCreate: true), _groups, new FaultInjector())
        {
            Sasl = sasl ?? new SaslUsers(new Dictionary<string, string>(), []),
        };
        _broker = new KafkaBroker(Context, 0);
        _broker.Start();
        _control = ControlApi.Build(Context, _broker, 0);
    }

    internal BrokerContext Context { get; }

    public string Bootstrap => $"127.0.0.1:{_broker.Port}";

    public Uri ControlUrl { get; private set; } = null!;

    public static Task<EmulatorHost> Start(int partitions = 1) => Start(partitions, null);

    /// <summary>Starts the emulator; with <paramref name="sasl"/> its listener is SASL_PLAINTEXT.</summary>
    internal static async Task<EmulatorHost> Start(int partitions, SaslUsers? sasl)
    {
        var host = new EmulatorHost(partitions, sasl);
        await host._control.StartAsync();
        var server = (IServer)host._control.Services.GetService(typeof(IServer))!;
        host.ControlUrl = new Uri(server.Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return host;
    }

    public void CreateTopic(string topic, int partitions) => Context.Topics.Create(topic, partitions);

    public async Task Fault(object rule)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(ControlUrl, "/faults"), rule);
        response.EnsureSuccessStatusCode();
    }

    public async Task Post(string path)
    {
        using var response = await _http.PostAsync(new Uri(ControlUrl, path), null);
        response.EnsureSuccessStatusCode();
    }

    public async Task<JsonDocument> Stats() => JsonDocument.Parse(await _http.GetStringAsync(new Uri(ControlUrl, "/stats")));

    public long HighWatermarkSum(string topic) =>
        Context.Topics.Find(topic)?.Sum(p => p.HighWatermark) ?? 0;

    public async ValueTask DisposeAsync()
    {
        await _control.StopAsync();
        await _control.DisposeAsync();
        await _broker.DisposeAsync();
        _groups.Dispose();
        _http.Dispose();
    }
}
