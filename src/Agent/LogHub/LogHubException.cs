namespace FlumeNet.Agent.LogHub;

/// <summary>How a caller should react to a failed call (reference §6.1).</summary>
public enum LogHubErrorKind
{
    /// <summary>Network failure, timeout or 5xx: retry with backoff.</summary>
    Transient,

    /// <summary>Quota exceeded: back off and retry, indefinitely.</summary>
    Throttled,

    /// <summary>Wrong AccessKey, signature, clock, project or logstore: retrying cannot help; the operator must act.</summary>
    Fatal,

    /// <summary>The shard or consumer is no longer ours (rebalance): drop the shard, do not retry.</summary>
    ShardLost,

    /// <summary>A cursor outside the retained range.</summary>
    InvalidCursor,

    /// <summary>Any other request error: not retried.</summary>
    Rejected,
}

/// <summary>A failed LogHub call: HTTP status, LogHub's error code and message, and the request id. Never holds a secret.</summary>
public sealed class LogHubException : Exception
{
    public LogHubException(string message)
        : base(message)
    {
        ErrorCode = "";
        RequestId = "";
        Kind = LogHubErrorKind.Transient;
    }

    public LogHubException(string message, Exception inner)
        : base(message, inner)
    {
        ErrorCode = "";
        RequestId = "";
        Kind = LogHubErrorKind.Transient;
    }

    public LogHubException(string call, int status, string errorCode, string errorMessage, string requestId)
        : base($"LogHub {call} failed: {status} {errorCode}: {errorMessage}{(requestId.Length > 0 ? $" (request {requestId})" : "")}{Advice(call, errorCode, errorMessage)}")
    {
        Status = status;
        ErrorCode = errorCode;
        RequestId = requestId;
        Kind = Classify(status, errorCode);
        IsPolicyDenial = errorCode == "Unauthorized" && errorMessage.Contains("denied by sts or ram", StringComparison.OrdinalIgnoreCase);
    }

    public LogHubException()
        : this("LogHub call failed")
    {
    }

    /// <summary>The HTTP status, or 0 when no answer arrived.</summary>
    public int Status { get; }

    public string ErrorCode { get; }

    public string RequestId { get; }

    public LogHubErrorKind Kind { get; }

    /// <summary>The RAM policy (or STS role) of the AccessKey does not allow this call.</summary>
    public bool IsPolicyDenial { get; }

    /// <summary>The RAM action a LogHub call needs (Alibaba's consumer library lists the six a consumer needs).</summary>
    public static string RamActionOf(string call) => call switch
    {
        "GetCursor" or "PullLogs" => "log:GetCursorOrData",
        "GetCheckPoint" => "log:GetConsumerGroupCheckPoint",
        "PutLogs" => "log:PostLogStoreLogs",
        "ListShards" => "log:ListShards",
        _ => "log:" + call,
    };

    public static LogHubErrorKind Classify(int status, string errorCode) => errorCode switch
    {
        "WriteQuotaExceed" or "ShardWriteQuotaExceed" or "ReadQuotaExceed" or "ShardReadQuotaExceed" => LogHubErrorKind.Throttled,
        "Unauthorized" or "SignatureNotMatch" or "RequestTimeTooSkewed" or "RequestTimeExpired" or "InvalidDateFormat" or "MissingDate"
            or "ProjectNotExist" or "LogStoreNotExist" or "ProjectForbidden" or "InvalidAccessKeyId" or "SecurityTokenExpired" or "SecurityToken.Expired"
            or "InvalidRequestTime" => LogHubErrorKind.Fatal,
        "ShardNotExist" or "ShardNotExsit" or "ConsumerNotExist" or "ConsumerNotExsit" or "ConsumerNotMatch" => LogHubErrorKind.ShardLost,
        "InvalidCursor" => LogHubErrorKind.InvalidCursor,
        "InternalServerError" or "ServerBusy" or "RequestTimeout" => LogHubErrorKind.Transient,
        _ when status >= 500 || status == 0 => LogHubErrorKind.Transient,
        _ when status == 403 && errorCode.Contains("Exceed", StringComparison.Ordinal) => LogHubErrorKind.Throttled,
        _ when status is 401 => LogHubErrorKind.Fatal,
        _ => LogHubErrorKind.Rejected,
    };

    private static string Advice(string call, string errorCode, string errorMessage) => errorCode switch
    {
        "Unauthorized" when errorMessage.Contains("denied by sts or ram", StringComparison.OrdinalIgnoreCase) =>
            $" (the AccessKey's RAM policy does not allow {RamActionOf(call)}: add \"{RamActionOf(call)}\" to the Action list of its policy)",
        "Unauthorized" or "InvalidAccessKeyId" => " (check accessKeyId: LogHub does not know it)",
        "SignatureNotMatch" => " (check accessKey: the secret does not match accessKeyId)",
        "RequestTimeTooSkewed" or "RequestTimeExpired" or "InvalidRequestTime" => " (this machine's clock is more than 15 minutes off; fix the clock)",
        "ProjectNotExist" => " (check project and endpoint: the project is not in this region)",
        "LogStoreNotExist" => " (check logstore)",
        "SecurityTokenExpired" or "SecurityToken.Expired" => " (the STS securityToken has expired)",
        _ => "",
    };
}
