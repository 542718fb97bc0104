using System.Text.Json.Serialization;

namespace FlumeNet.Agent.LogHub;

/// <summary>
/// The request bodies the LogHub client sends as JSON, generated at build time so that the native (AOT) program needs
/// no reflection: consumer-group settings and checkpoints (string, int and bool values) and the heartbeat's shard list.
/// </summary>
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(IReadOnlyCollection<int>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(bool))]
internal sealed partial class LogHubJsonContext : JsonSerializerContext;
