using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using Avro.File;
using Avro.Generic;
using FlumeNet.Agent.Tests.AvroRpc;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Integration;

/// <summary>
/// Two FlumeNet agents as a Flume tier (seq → avro sink ⇒ avro source → file_roll with avro_event), and
/// <c>flume-ng avro-client</c> into an avro source, all run as <c>bin/flume-ng</c> processes. The acceptance figure
/// of 1,000,000 events is run by <c>tools/bench/avro-tier.sh</c>; the test sends 50,000 to stay within its budget.
/// </summary>
[Collection("processes")]
public sealed class AvroTierProcessTests : IDisposable
{
    private const int Count = 50_000;
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-avro-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Receiver(int port, string serializer, string extra = "")
    {
        var path = Path.Combine(_dir, "receiver.properties");
        Directory.CreateDirectory(Path.Combine(_dir, "out"));
        File.WriteAllText(path, $"""
            b.sources = r
            b.channels = c
            b.sinks = k
            b.sources.r.type = avro
            b.sources.r.bind = 127.0.0.1
            b.sources.r.port = {port}
            b.sources.r.channels = c
            b.channels.c.type = memory
            b.channels.c.capacity = 20000
            b.channels.c.transactionCapacity = 1000
            b.sinks.k.type = file_roll
            b.sinks.k.channel = c
            b.sinks.k.sink.directory = {Path.Combine(_dir, "out")}
            b.sinks.k.sink.rollInterval = 0
            b.sinks.k.sink.batchSize = 1000
            b.sinks.k.sink.serializer = {serializer}
            {extra}
            """);
        return path;
    }

    private string Sender(int port, string extra)
    {
        var path = Path.Combine(_dir, "sender.properties");
        File.WriteAllText(path, $"""
            a.sources = s
            a.channels = c
            a.sinks = k
            a.sources.s.type = seq
            a.sources.s.totalEvents = {Count}
            a.sources.s.batchSize = 1000
            a.sources.s.channels = c
            a.sources.s.interceptors = i
            a.sources.s.interceptors.i.type = static
            a.sources.s.interceptors.i.key = origin
            a.sources.s.interceptors.i.value = edge-\u00e9\u2603
            a.channels.c.type = memory
            a.channels.c.capacity = 20000
            a.channels.c.transactionCapacity = 1000
            a.sinks.k.type = avro
            a.sinks.k.channel = c
            a.sinks.k.hostname = 127.0.0.1
            a.sinks.k.port = {port}
            a.sinks.k.batch-size = 1000
            {extra}
            """);
        return path;
    }

    private static async Task<long> DrainedAsync(HttpClient http, int metricsPort, long expected)
    {
        long drained = -1;
        for (var i = 0; i < 1200 && drained < expected; i++)
        {
            try
            {
                var metrics = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"))).RootElement;
                drained = long.Parse(metrics.GetProperty("SINK.k").GetProperty("EventDrainSuccessCount").GetString()!, CultureInfo.InvariantCulture);
            }
            catch (HttpRequestException)
            {
            }
            if (drained < expected)
            {
                await Task.Delay(100);
            }
        }
        return drained;
    }

    public static TheoryData<bool> TlsAndDeflate => new() { false, true };

    [Theory]
    [MemberData(nameof(TlsAndDeflate))]
    public async Task SinkToSource_EveryEventOnce_HeadersAndBodiesByteEqual(bool tlsAndDeflate)
    {
        using var certs = new TestCertificates();
        var port = AgentProcess.FreePort();
        var metricsPort = AgentProcess.FreePort();
        var serverExtra = tlsAndDeflate
            ? $"b.sources.r.compression-type = deflate\nb.sources.r.ssl = true\nb.sources.r.keystore = {certs.KeyStore}\nb.sources.r.keystore-password = {certs.Password}\nb.sources.r.keystore-type = PKCS12"
            : "";
        var clientExtra = tlsAndDeflate
            ? $"a.sinks.k.compression-type = deflate\na.sinks.k.compression-level = 1\na.sinks.k.ssl = true\na.sinks.k.truststore = {certs.TrustStore}"
            : "";
        using var receiver = AgentProcess.Start(_dir, "agent", "-n", "b", "-f", Receiver(port, "avro_event", serverExtra), "--no-reload-conf",
            "-Dflume.root.logger=INFO,console", "-Dflume.monitoring.type=http", $"-Dflume.monitoring.port={metricsPort}", "-Dflume.monitoring.bind=127.0.0.1");
        Assert.True(receiver.WaitFor("Metrics served"), receiver.Output);
        using var sender = AgentProcess.Start(_dir, "agent", "-n", "a", "-f", Sender(port, clientExtra), "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        using var http = new HttpClient();
        Assert.Equal(Count, await DrainedAsync(http, metricsPort, Count));
        sender.Terminate();
        receiver.Terminate();
        Assert.True(receiver.WaitForExit(), receiver.Output);
        Assert.True(sender.WaitForExit(), sender.Output);
        Assert.DoesNotContain(certs.Password, receiver.Output, StringComparison.Ordinal);

        var seen = new bool[Count];
        var total = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(_dir, "out")))
        {
            using var reader = DataFileReader<GenericRecord>.OpenReader(file);
            while (reader.HasNext())
            {
                var record = reader.Next();
                var body = (byte[])record["body"];
                var n = int.Parse(Encoding.UTF8.GetString(body), CultureInfo.InvariantCulture);
                Assert.False(seen[n], $"event {n} arrived twice");
                seen[n] = true;
                total++;
                var headers = (IDictionary<string, object>)record["headers"];
                Assert.Equal("edge-é☃", headers["origin"]);
                Assert.Single(headers);
            }
        }
        Assert.Equal(Count, total);
    }

    [Fact]
    public async Task AvroClient_DeliversEveryLineOfAFile()
    {
        var port = AgentProcess.FreePort();
        var metricsPort = AgentProcess.FreePort();
        using var receiver = AgentProcess.Start(_dir, "agent", "-n", "b", "-f", Receiver(port, "TEXT"), "--no-reload-conf",
            "-Dflume.root.logger=INFO,console", "-Dflume.monitoring.type=http", $"-Dflume.monitoring.port={metricsPort}", "-Dflume.monitoring.bind=127.0.0.1");
        Assert.True(receiver.WaitFor("Metrics served"), receiver.Output);
        var lines = Enumerable.Range(0, 1003).Select(i => $"line {i} ünïcødé").ToList();
        var input = Path.Combine(_dir, "input.txt");
        File.WriteAllText(input, string.Join("\r\n", lines) + "\n");
        using (var client = AgentProcess.Start(_dir, "avro-client", "-H", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-F", input))
        {
            Assert.True(client.WaitForExit(TimeSpan.FromSeconds(120)), client.Output);
            Assert.Equal(0, client.ExitCode);
        }
        using var http = new HttpClient();
        Assert.Equal(lines.Count, await DrainedAsync(http, metricsPort, lines.Count));
        receiver.Terminate();
        Assert.True(receiver.WaitForExit(), receiver.Output);
        var delivered = Directory.GetFiles(Path.Combine(_dir, "out")).SelectMany(File.ReadAllLines).ToList();
        Assert.Equal(lines, delivered);
    }
}
