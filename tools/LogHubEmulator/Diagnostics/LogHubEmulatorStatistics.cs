namespace FlumeNet.Tools.LogHubEmulator.Diagnostics;

/// <summary>Counts of the LogHub requests served so far (admin requests excluded).</summary>
public sealed record LogHubEmulatorStatistics(
    int TotalRequests,
    IReadOnlyDictionary<string, int> Operations,
    IReadOnlyDictionary<int, int> Statuses,
    IReadOnlyDictionary<string, int> ErrorCodes,
    IReadOnlyDictionary<string, IReadOnlyDictionary<int, int>> OperationStatuses)
{
    /// <summary>Requests of one operation, e.g. <c>PullLogs</c>.</summary>
    public int Count(string operation) => Operations.GetValueOrDefault(operation);

    /// <summary>Requests of one operation answered with one status.</summary>
    public int Count(string operation, int status) =>
        OperationStatuses.TryGetValue(operation, out var statuses) ? statuses.GetValueOrDefault(status) : 0;

    /// <summary>Requests answered with one status, any operation.</summary>
    public int CountStatus(int status) => Statuses.GetValueOrDefault(status);

    /// <summary>Requests answered with one error code, any operation.</summary>
    public int CountError(string errorCode) => ErrorCodes.GetValueOrDefault(errorCode);
}
