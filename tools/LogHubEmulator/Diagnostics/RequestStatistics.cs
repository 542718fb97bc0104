namespace FlumeNet.Tools.LogHubEmulator.Diagnostics;

/// <summary>Thread-safe counters of requests per operation, status and error code.</summary>
internal sealed class RequestStatistics
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<int, int>> _byOperation = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _errorCodes = new(StringComparer.Ordinal);

    public void Record(string operation, int status, string? errorCode)
    {
        lock (_gate)
        {
            if (!_byOperation.TryGetValue(operation, out var statuses))
            {
                statuses = [];
                _byOperation[operation] = statuses;
            }

            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (errorCode is not null)
            {
                _errorCodes[errorCode] = _errorCodes.GetValueOrDefault(errorCode) + 1;
            }
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _byOperation.Clear();
            _errorCodes.Clear();
        }
    }

    public LogHubEmulatorStatistics Snapshot()
    {
        lock (_gate)
        {
            var operations = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var statuses = new SortedDictionary<int, int>();
            var operationStatuses = new SortedDictionary<string, IReadOnlyDictionary<int, int>>(StringComparer.Ordinal);
            foreach (var (operation, counts) in _byOperation)
            {
                operations[operation] = counts.Values.Sum();
                operationStatuses[operation] = new SortedDictionary<int, int>(counts);
                foreach (var (status, count) in counts)
                {
                    statuses[status] = statuses.GetValueOrDefault(status) + count;
                }
            }

            return new LogHubEmulatorStatistics(
                operations.Values.Sum(), operations, statuses, new SortedDictionary<string, int>(_errorCodes, StringComparer.Ordinal), operationStatuses);
        }
    }
}
