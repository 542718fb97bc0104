using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Kafka;

/// <summary>
/// <c>tools/KafkaEmulator</c> run as its own process on free ports (it shares no code with the agent's Kafka client);
/// ready once it printed its listening line. Faults and statistics go through its HTTP control API.
/// </summary>
public sealed partial class KafkaEmulatorProcess : IDisposable
{
    private readonly ToolProcess _tool;
    private readonly HttpClient _control = new();

    private KafkaEmulatorProcess(ToolProcess tool)
    {
        _tool = tool;
    }

    public string Bootstrap { get; private init; } = "";

    public Uri ControlUrl { get; private init; } = null!;

    public string Output => _tool.Output.Text;

    public static KafkaEmulatorProcess Start(params string[] args)
    {
        var tool = ToolProcess.Start("KafkaEmulator", "FlumeNet.KafkaEmulator.dll", ["--port", "0", "--control-port", "0", .. args],
            ReadyLine(), TimeSpan.FromSeconds(60));
        return new KafkaEmulatorProcess(tool)
        {
            Bootstrap = "127.0.0.1:" + tool.Ready.Groups[1].Value,
            ControlUrl = new Uri(tool.Ready.Groups[2].Value),
        };
    }

    public void Fault(object rule)
    {
        using var response = _control.PostAsJsonAsync(new Uri(ControlUrl, "/faults"), rule).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
    }

    public void Restart()
    {
        using var response = _control.PostAsync(new Uri(ControlUrl, "/restart"), null).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
    }

    public JsonDocument Stats() => JsonDocument.Parse(_control.GetStringAsync(new Uri(ControlUrl, "/stats")).GetAwaiter().GetResult());

    /// <summary>Records stored in the topic (sum of its partitions' high watermarks; 0 if it does not exist).</summary>
    public long Records(string topic)
    {
        using var stats = Stats();
        foreach (var t in stats.RootElement.GetProperty("topics").EnumerateArray())
        {
            if (t.GetProperty("name").GetString() == topic)
            {
                return t.GetProperty("partitions").EnumerateArray().Sum(p => p.GetProperty("highWatermark").GetInt64());
            }
        }
        return 0;
    }

    /// <summary>The group's committed offsets summed over partitions of the topic.</summary>
    public long Committed(string group, string topic)
    {
        using var stats = Stats();
        foreach (var g in stats.RootElement.GetProperty("groups").EnumerateArray())
        {
            if (g.GetProperty("id").GetString() == group)
            {
                return g.GetProperty("offsets").EnumerateArray()
                    .Where(o => o.GetProperty("topic").GetString() == topic)
                    .Sum(o => o.GetProperty("offset").GetInt64());
            }
        }
        return 0;
    }

    public void Dispose()
    {
        _tool.Dispose();
        _control.Dispose();
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:([0-9]+) \(control (http://127\.0\.0\.1:[0-9]+)/?\)")]
    private static partial Regex ReadyLine();
}
