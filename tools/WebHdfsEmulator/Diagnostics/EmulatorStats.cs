namespace FlumeNet.Tools.WebHdfsEmulator.Diagnostics;

/// <summary>A snapshot of what the emulator has served since start or the last reset.</summary>
public sealed record EmulatorStats
{
    /// <summary>WebHDFS requests that reached the NameNode role, by operation (CREATE, RENAME, ...).</summary>
    public required IReadOnlyDictionary<string, int> NameNodeOps { get; init; }

    /// <summary>Requests that reached the DataNode role (the data steps of CREATE, APPEND and OPEN), by operation.</summary>
    public required IReadOnlyDictionary<string, int> DataNodeOps { get; init; }

    /// <summary>Responses by HTTP status ("201", "403", ...); connections the emulator cut off count as "aborted".</summary>
    public required IReadOnlyDictionary<string, int> Statuses { get; init; }

    /// <summary>Requests by effective user (doas, else user.name, else dr.who).</summary>
    public required IReadOnlyDictionary<string, int> Users { get; init; }

    /// <summary>NameNode-role requests that carried a body (which the NameNode discards).</summary>
    public required int NameNodeRequestsWithBody { get; init; }

    /// <summary>Requests that an injected fault acted on.</summary>
    public required int FaultsInjected { get; init; }

    /// <summary>Requests whose op parameter or path could not be parsed (answered 400).</summary>
    public required int InvalidRequests { get; init; }

    public int NameNodeCount(string op) => NameNodeOps.GetValueOrDefault(op);

    public int DataNodeCount(string op) => DataNodeOps.GetValueOrDefault(op);

    public int StatusCount(int status) => Statuses.GetValueOrDefault(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
