using System.Globalization;
using FlumeNet.Tools.WebHdfsEmulator.Protocol;

namespace FlumeNet.Tools.WebHdfsEmulator.Diagnostics;

/// <summary>Thread-safe counters behind <see cref="EmulatorStats"/>.</summary>
internal sealed class RequestStats
{
    public const string AbortedStatus = "aborted";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _nameNodeOps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _dataNodeOps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _statuses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _users = new(StringComparer.Ordinal);
    private int _nameNodeBodies;
    private int _faults;
    private int _invalid;

    public void CountRequest(NodeRole role, string op, string user)
    {
        lock (_lock)
        {
            Increment(role == NodeRole.NameNode ? _nameNodeOps : _dataNodeOps, op);
            Increment(_users, user);
        }
    }

    public void CountInvalid()
    {
        lock (_lock)
        {
            _invalid++;
        }
    }

    public void CountNameNodeBody()
    {
        lock (_lock)
        {
            _nameNodeBodies++;
        }
    }

    public void CountFault()
    {
        lock (_lock)
        {
            _faults++;
        }
    }

    public void CountResponse(int? status)
    {
        lock (_lock)
        {
            Increment(_statuses, status?.ToString(CultureInfo.InvariantCulture) ?? AbortedStatus);
        }
    }

    public EmulatorStats Snapshot()
    {
        lock (_lock)
        {
            return new EmulatorStats
            {
                NameNodeOps = new Dictionary<string, int>(_nameNodeOps, StringComparer.Ordinal),
                DataNodeOps = new Dictionary<string, int>(_dataNodeOps, StringComparer.Ordinal),
                Statuses = new Dictionary<string, int>(_statuses, StringComparer.Ordinal),
                Users = new Dictionary<string, int>(_users, StringComparer.Ordinal),
                NameNodeRequestsWithBody = _nameNodeBodies,
                FaultsInjected = _faults,
                InvalidRequests = _invalid,
            };
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _nameNodeOps.Clear();
            _dataNodeOps.Clear();
            _statuses.Clear();
            _users.Clear();
            _nameNodeBodies = 0;
            _faults = 0;
            _invalid = 0;
        }
    }

    private static void Increment(Dictionary<string, int> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;
}
