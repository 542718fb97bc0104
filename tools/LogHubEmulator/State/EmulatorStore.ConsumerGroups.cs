using FlumeNet.Tools.LogHubEmulator.Protocol;

namespace FlumeNet.Tools.LogHubEmulator.State;

/// <summary>Consumer groups: create/list/update/delete, heartbeat, checkpoints (reference §3.6, §7).</summary>
internal sealed partial class EmulatorStore
{
    private const int MaxConsumerGroups = 30;

    public void CreateConsumerGroup(string project, string logstore, string name, int timeout, bool order)
    {
        ValidateName(name, "consumer group");
        ValidateTimeout(timeout);
        lock (_gate)
        {
            var owner = Logstore(project, logstore);
            if (owner.ConsumerGroups.ContainsKey(name))
            {
                throw LogHubErrors.ConsumerGroupAlreadyExist(name);
            }

            if (owner.ConsumerGroups.Count >= MaxConsumerGroups)
            {
                throw new LogHubException(400, "ConsumerGroupQuotaExceed", $"a logstore has at most {MaxConsumerGroups} consumer groups");
            }

            var group = new ConsumerGroupState(name, timeout, order);
            group.Sync(owner, NowMs);
            owner.ConsumerGroups[name] = group;
            Save();
        }
    }

    public IReadOnlyList<ConsumerGroupInfo> ListConsumerGroups(string project, string logstore)
    {
        lock (_gate)
        {
            return Logstore(project, logstore).ConsumerGroups.Values
                .Select(g => new ConsumerGroupInfo(g.Name, g.TimeoutSeconds, g.Order))
                .ToList();
        }
    }

    public void UpdateConsumerGroup(string project, string logstore, string name, int? timeout, bool? order)
    {
        if (timeout is { } seconds)
        {
            ValidateTimeout(seconds);
        }

        lock (_gate)
        {
            var group = Group(project, logstore, name);
            group.TimeoutSeconds = timeout ?? group.TimeoutSeconds;
            group.Order = order ?? group.Order;
            Save();
        }
    }

    public void DeleteConsumerGroup(string project, string logstore, string name)
    {
        lock (_gate)
        {
            Group(project, logstore, name);
            Logstore(project, logstore).ConsumerGroups.Remove(name);
            Save();
        }
    }

    public IReadOnlyList<int> HeartBeat(string project, string logstore, string name, string consumer, IReadOnlyCollection<int> held)
    {
        if (string.IsNullOrEmpty(consumer))
        {
            throw LogHubErrors.ParameterInvalid("heartbeat needs a consumer");
        }

        lock (_gate)
        {
            var group = Group(project, logstore, name);
            var granted = group.HeartBeat(consumer, held, Logstore(project, logstore), NowMs);
            Save();
            return granted;
        }
    }

    public void UpdateCheckpoint(string project, string logstore, string name, string? consumer, bool force, int shardId, string cursor)
    {
        lock (_gate)
        {
            var group = Group(project, logstore, name);
            var owner = Logstore(project, logstore);
            group.UpdateCheckpoint(Shard(owner, shardId), cursor, consumer, force, owner, NowMs);
            Save();
        }
    }

    /// <summary>One entry per existing shard (or the one asked for; none if it does not exist), never-checkpointed ones with an empty cursor.</summary>
    public IReadOnlyList<CheckpointInfo> GetCheckpoints(string project, string logstore, string name, int? shardId)
    {
        lock (_gate)
        {
            var group = Group(project, logstore, name);
            var owner = Logstore(project, logstore);
            group.Sync(owner, NowMs);
            return owner.Shards.Keys
                .Where(id => shardId is null || id == shardId)
                .Select(id => group.Checkpoints.TryGetValue(id, out var c)
                    ? new CheckpointInfo(id, c.Cursor, c.UpdateTimeMicros, c.Consumer)
                    : new CheckpointInfo(id, string.Empty, 0, string.Empty))
                .ToList();
        }
    }

    /// <summary>The allocation of every shard of a group (for diagnostics): state, holder and next consumer.</summary>
    public IReadOnlyList<(int Shard, ShardAllocation State, string? Holder, string? Next)> Allocations(string project, string logstore, string name)
    {
        lock (_gate)
        {
            var group = Group(project, logstore, name);
            group.Sync(Logstore(project, logstore), NowMs);
            return group.Assignments.Select(a => (a.Key, a.Value.State, a.Value.Holder, a.Value.Next)).ToList();
        }
    }

    private ConsumerGroupState Group(string project, string logstore, string name) =>
        Logstore(project, logstore).ConsumerGroups.TryGetValue(name, out var group) ? group : throw LogHubErrors.ConsumerGroupNotExist(name);

    private static void ValidateTimeout(int timeout)
    {
        if (timeout is < 1 or > 86400)
        {
            throw LogHubErrors.ParameterInvalid($"timeout {timeout} must be between 1 and 86400 seconds");
        }
    }
}
