namespace FlumeNet.Tools.LogHubEmulator.Diagnostics;

/// <summary>
/// A fault to inject: the next <see cref="Count"/> requests of <see cref="Operation"/> (an operation name such as
/// <c>PullLogs</c>, or <c>*</c>), optionally only for one logstore and one shard (shard filters apply to
/// operations that name a shard in the path), are delayed by <see cref="DelayMs"/> and then answered with
/// <see cref="Status"/>/<see cref="ErrorCode"/> — or served normally when <see cref="Status"/> is 0, or have
/// their connection aborted when <see cref="AbortConnection"/> is set. With <see cref="DurationMs"/> the fault hits
/// every matching request for that long after it was added (then it is gone), whatever <see cref="Count"/> says.
/// <see cref="StallBodyMs"/> serves the answer's headers and half its body, then stalls (a half-open connection).
/// <see cref="Body"/> with status 0 answers 200 with that body instead of the real one (e.g. <c>null</c> for a heartbeat).
/// </summary>
public sealed record LogHubFault
{
    public string Operation { get; init; } = "*";

    public string? Logstore { get; init; }

    public int? Shard { get; init; }

    /// <summary>Only requests signed with this AccessKeyId (null: every key), so one client can fail while another works.</summary>
    public string? AccessKeyId { get; init; }

    public int Status { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>How many matching requests the fault hits; -1 until the faults are cleared.</summary>
    public int Count { get; init; } = 1;

    public int DelayMs { get; init; }

    public bool AbortConnection { get; init; }

    public int DurationMs { get; init; }

    public int StallBodyMs { get; init; }

    public string? Body { get; init; }

    internal bool Matches(string operation, string? logstore, int? shard, string? accessKeyId = null) =>
        (Operation == "*" || string.Equals(Operation, operation, StringComparison.OrdinalIgnoreCase))
        && (AccessKeyId is null || AccessKeyId == accessKeyId)
        && (Logstore is null || Logstore == logstore)
        && (Shard is null || Shard == shard);

    internal string ErrorCodeOrDefault(string operation) => ErrorCode ?? Status switch
    {
        400 => "ParameterInvalid",
        401 => "Unauthorized",
        403 => operation == "PutLogs" ? "ShardWriteQuotaExceed" : "ShardReadQuotaExceed",
        404 => "ShardNotExist",
        503 => "ServerBusy",
        _ => "InternalServerError",
    };
}
