namespace FlumeNet.Tools.LogHubEmulator.Protobuf;

/// <summary>One <c>Log</c>: producer time (unix seconds), optional sub-second nanoseconds, ordered contents.</summary>
public sealed record LogRecord(uint Time, IReadOnlyList<KeyValuePair<string, string>> Contents, uint? TimeNs = null);

/// <summary>One <c>LogGroup</c> (reference §4). Null strings are absent fields; empty strings are present.</summary>
public sealed record LogGroupRecord(
    IReadOnlyList<LogRecord> Logs,
    string? Topic = null,
    string? Source = null,
    IReadOnlyList<KeyValuePair<string, string>>? Tags = null,
    string? Category = null,
    string? MachineUuid = null)
{
    public IReadOnlyList<KeyValuePair<string, string>> TagList => Tags ?? [];
}
