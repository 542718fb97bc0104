using FlumeNet.Tools.LogHubEmulator.Protocol;

namespace FlumeNet.Tools.LogHubEmulator.State;

/// <summary>
/// One consumer group: live consumers (by last heartbeat), the allocation state of every shard and the
/// checkpoints. Implements the server side of the heartbeat protocol of reference §7.2. Not thread-safe:
/// the store serialises access.
/// </summary>
internal sealed class ConsumerGroupState
{
    public ConsumerGroupState(string name, int timeoutSeconds, bool order)
    {
        Name = name;
        TimeoutSeconds = timeoutSeconds;
        Order = order;
    }

    public string Name { get; }

    public int TimeoutSeconds { get; set; }

    public bool Order { get; set; }

    /// <summary>Live consumers and the unix milliseconds of their last heartbeat.</summary>
    public SortedDictionary<string, long> Consumers { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<int, ShardAssignment> Assignments { get; } = [];

    public SortedDictionary<int, CheckpointEntry> Checkpoints { get; } = [];

    /// <summary>
    /// Registers or refreshes <paramref name="consumer"/>, applies what it reports holding (omitted shards are
    /// released; a released <c>transfer</c> shard goes to its next consumer), rebalances, and returns the shards
    /// it may hold.
    /// </summary>
    public IReadOnlyList<int> HeartBeat(string consumer, IReadOnlyCollection<int> held, LogstoreState logstore, long nowMs)
    {
        Sync(logstore, nowMs);
        if (!Consumers.ContainsKey(consumer) && held.Count > 0)
        {
            throw new LogHubException(400, "NotExistConsumerWithBody",
                $"non-exist consumer {consumer} with non-empty body of heartbeat message; send [] first");
        }

        Consumers[consumer] = nowMs;
        foreach (var (shard, assignment) in Assignments)
        {
            if (assignment.Holder != consumer || held.Contains(shard))
            {
                continue;
            }

            if (assignment.State == ShardAllocation.Transfer && assignment.Next is { } next)
            {
                assignment.State = ShardAllocation.AlreadyAlloc;
                assignment.Holder = next;
                assignment.Next = null;
            }
            else if (assignment.State == ShardAllocation.AlreadyAlloc)
            {
                assignment.Free();
            }
        }

        Rebalance();
        return Assignments
            .Where(a => a.Value.Holder == consumer && a.Value.State == ShardAllocation.AlreadyAlloc)
            .Select(a => a.Key)
            .ToList();
    }

    /// <summary>Brings the group up to date: drops timed-out consumers, adds new shards, marks finished readonly shards <c>over</c>, resolves <c>wait</c>.</summary>
    public void Sync(LogstoreState logstore, long nowMs)
    {
        ExpireConsumers(nowMs);
        foreach (var shard in logstore.Shards.Values)
        {
            if (!Assignments.ContainsKey(shard.Id))
            {
                Assignments[shard.Id] = new ShardAssignment();
            }
        }

        foreach (var shard in logstore.Shards.Values)
        {
            var assignment = Assignments[shard.Id];
            if (shard.ReadOnly && assignment.State != ShardAllocation.Over
                && Checkpoints.TryGetValue(shard.Id, out var checkpoint) && shard.IndexOf(checkpoint.Cursor) == shard.EndIndex)
            {
                assignment.Free();
                assignment.State = ShardAllocation.Over;
            }
        }

        foreach (var shard in logstore.Shards.Values)
        {
            var assignment = Assignments[shard.Id];
            var blocked = Order && shard.Parents.Any(p => Assignments.TryGetValue(p, out var parent) && parent.State != ShardAllocation.Over);
            if (blocked && assignment.State == ShardAllocation.NotAlloc)
            {
                assignment.State = ShardAllocation.Wait;
            }
            else if (!blocked && assignment.State == ShardAllocation.Wait)
            {
                assignment.State = ShardAllocation.NotAlloc;
            }
        }
    }

    /// <summary>Stores a checkpoint; with <paramref name="force"/> false the shard must be held by <paramref name="consumer"/>.</summary>
    public void UpdateCheckpoint(ShardState shard, string cursor, string? consumer, bool force, LogstoreState logstore, long nowMs)
    {
        Sync(logstore, nowMs);
        if (shard.IndexOf(cursor) is not { } index)
        {
            throw LogHubErrors.InvalidShardCheckPoint($"checkpoint '{cursor}' is not a cursor of shard {shard.Id}");
        }

        if (!force)
        {
            if (string.IsNullOrEmpty(consumer))
            {
                throw LogHubErrors.ParameterInvalid("a checkpoint without consumer needs forceSuccess=true");
            }

            if (!Consumers.ContainsKey(consumer))
            {
                throw LogHubErrors.ConsumerNotExist(consumer);
            }

            var held = Assignments[shard.Id];
            if (held.Holder != consumer || held.State is not (ShardAllocation.AlreadyAlloc or ShardAllocation.Transfer))
            {
                throw LogHubErrors.ConsumerNotMatch(consumer, shard.Id);
            }
        }

        Checkpoints[shard.Id] = new CheckpointEntry(cursor, nowMs * 1000, consumer ?? string.Empty);
        var assignment = Assignments[shard.Id];
        if (assignment.State == ShardAllocation.Over && index < shard.EndIndex)
        {
            assignment.Free();
        }

        Sync(logstore, nowMs);
    }

    private void ExpireConsumers(long nowMs)
    {
        var expired = Consumers.Where(c => nowMs - c.Value > TimeoutSeconds * 1000L).Select(c => c.Key).ToList();
        foreach (var consumer in expired)
        {
            Consumers.Remove(consumer);
        }

        if (expired.Count == 0)
        {
            return;
        }

        foreach (var assignment in Assignments.Values)
        {
            if (assignment.Holder is { } holder && !Consumers.ContainsKey(holder))
            {
                var next = assignment.State == ShardAllocation.Transfer ? assignment.Next : null;
                if (next is not null && Consumers.ContainsKey(next))
                {
                    assignment.State = ShardAllocation.AlreadyAlloc;
                    assignment.Holder = next;
                    assignment.Next = null;
                }
                else
                {
                    assignment.Free();
                }
            }
            else if (assignment.State == ShardAllocation.Transfer && assignment.Next is { } target && !Consumers.ContainsKey(target))
            {
                assignment.State = ShardAllocation.AlreadyAlloc;
                assignment.Next = null;
            }
        }
    }

    /// <summary>Hands free shards to the least loaded consumers, then moves shards (via <c>transfer</c>) until loads differ by at most one.</summary>
    private void Rebalance()
    {
        if (Consumers.Count == 0)
        {
            return;
        }

        var load = Consumers.Keys.ToDictionary(c => c, _ => 0, StringComparer.Ordinal);
        foreach (var assignment in Assignments.Values)
        {
            if (assignment.State == ShardAllocation.AlreadyAlloc && assignment.Holder is { } holder)
            {
                load[holder]++;
            }
            else if (assignment.State == ShardAllocation.Transfer && assignment.Next is { } next)
            {
                load[next]++;
            }
        }

        foreach (var assignment in Assignments.Values)
        {
            if (assignment.State == ShardAllocation.NotAlloc)
            {
                var target = LeastLoaded(load);
                assignment.State = ShardAllocation.AlreadyAlloc;
                assignment.Holder = target;
                load[target]++;
            }
        }

        while (true)
        {
            var low = LeastLoaded(load);
            var high = load.OrderByDescending(l => l.Value).ThenBy(l => l.Key, StringComparer.Ordinal).First().Key;
            if (load[high] - load[low] <= 1)
            {
                return;
            }

            var moving = Assignments.Values.LastOrDefault(a => a.State == ShardAllocation.AlreadyAlloc && a.Holder == high)
                ?? Assignments.Values.Last(a => a.State == ShardAllocation.Transfer && a.Next == high);
            if (moving.Holder == low)
            {
                moving.State = ShardAllocation.AlreadyAlloc;
                moving.Next = null;
            }
            else
            {
                moving.State = ShardAllocation.Transfer;
                moving.Next = low;
            }

            load[high]--;
            load[low]++;
        }
    }

    private static string LeastLoaded(Dictionary<string, int> load) =>
        load.OrderBy(l => l.Value).ThenBy(l => l.Key, StringComparer.Ordinal).First().Key;
}
