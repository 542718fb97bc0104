using FlumeNet.Tools.LogHubEmulator.Protobuf;
using FlumeNet.Tools.LogHubEmulator.Protocol;

namespace FlumeNet.Tools.LogHubEmulator.State;

/// <summary>Shards: listing, split and merge, cursors, PutLogs and PullLogs.</summary>
internal sealed partial class EmulatorStore
{
    public IReadOnlyList<LogHubShardInfo> ListShards(string project, string logstore)
    {
        lock (_gate)
        {
            return Logstore(project, logstore).Shards.Values.Select(Info).ToList();
        }
    }

    /// <summary>Splits a readwrite shard at <paramref name="key"/> (its middle when null) into two new readwrite shards.</summary>
    public IReadOnlyList<LogHubShardInfo> SplitShard(string project, string logstore, int shardId, string? key)
    {
        lock (_gate)
        {
            var owner = Logstore(project, logstore);
            var parent = Shard(owner, shardId);
            if (parent.ReadOnly)
            {
                throw LogHubErrors.ParameterInvalid($"shard {shardId} is readonly and cannot be split");
            }

            key = key?.ToLowerInvariant() ?? ShardKeySpace.Middle(parent.BeginKey, parent.EndKey)
                ?? throw LogHubErrors.ParameterInvalid($"shard {shardId} is too small to split");
            if (!ShardKeySpace.IsValidKey(key) || string.CompareOrdinal(key, parent.BeginKey) <= 0 || string.CompareOrdinal(key, parent.EndKey) >= 0)
            {
                throw LogHubErrors.ParameterInvalid($"split key '{key}' must be 32 hex digits strictly inside [{parent.BeginKey}, {parent.EndKey})");
            }

            var now = NowSeconds;
            var left = new ShardState(owner.NextShardId, parent.BeginKey, key, now, [parent.Id], ShardState.NewCursorBase());
            owner.Shards[left.Id] = left;
            var right = new ShardState(owner.NextShardId, key, parent.EndKey, now, [parent.Id], ShardState.NewCursorBase());
            owner.Shards[right.Id] = right;
            parent.ReadOnly = true;
            owner.LastModifyTime = now;
            Save();
            return [Info(parent), Info(left), Info(right)];
        }
    }

    /// <summary>Merges a readwrite shard with its right-hand readwrite neighbour into one new shard.</summary>
    public IReadOnlyList<LogHubShardInfo> MergeShards(string project, string logstore, int shardId)
    {
        lock (_gate)
        {
            var owner = Logstore(project, logstore);
            var left = Shard(owner, shardId);
            var right = owner.Shards.Values.FirstOrDefault(s => !s.ReadOnly && s.BeginKey == left.EndKey);
            if (left.ReadOnly || right is null)
            {
                throw LogHubErrors.ParameterInvalid($"shard {shardId} must be readwrite and have a readwrite right-hand neighbour to merge");
            }

            var now = NowSeconds;
            var merged = new ShardState(owner.NextShardId, left.BeginKey, right.EndKey, now, [left.Id, right.Id], ShardState.NewCursorBase());
            owner.Shards[merged.Id] = merged;
            left.ReadOnly = true;
            right.ReadOnly = true;
            owner.LastModifyTime = now;
            Save();
            return [Info(merged), Info(left), Info(right)];
        }
    }

    /// <summary>GetCursor: <c>begin</c>, <c>end</c>, or unix seconds (first LogGroup received at or after it; end if none).</summary>
    public string GetCursor(string project, string logstore, int shardId, string? from)
    {
        lock (_gate)
        {
            var shard = Shard(Logstore(project, logstore), shardId);
            switch (from)
            {
                case "begin":
                    return shard.CursorAt(0);
                case "end":
                    return shard.CursorAt(shard.EndIndex);
                default:
                    if (!long.TryParse(from, out var seconds) || seconds < 0)
                    {
                        throw LogHubErrors.ParameterInvalid($"from '{from}' must be begin, end or unix seconds");
                    }

                    var index = shard.Groups.FindIndex(g => g.ReceiveTimeMs >= seconds * 1000);
                    return shard.CursorAt(index < 0 ? shard.EndIndex : index);
            }
        }
    }

    /// <summary>The receive time (unix seconds) of the LogGroup at a cursor; at the end, of the last group.</summary>
    public long GetCursorTime(string project, string logstore, int shardId, string? cursor)
    {
        lock (_gate)
        {
            var shard = Shard(Logstore(project, logstore), shardId);
            var index = shard.RequireIndex(cursor);
            if (shard.Groups.Count == 0)
            {
                return shard.CreateTime;
            }

            return shard.Groups[Math.Min(index, shard.EndIndex - 1)].ReceiveTimeMs / 1000;
        }
    }

    /// <summary>PullLogs: up to <paramref name="count"/> groups from the cursor, stopping at <paramref name="endCursor"/>.</summary>
    public PullResult Pull(string project, string logstore, int shardId, string? cursor, int count, string? endCursor)
    {
        lock (_gate)
        {
            var shard = Shard(Logstore(project, logstore), shardId);
            var start = shard.RequireIndex(cursor);
            var stop = Math.Min(shard.EndIndex, start + count);
            if (!string.IsNullOrEmpty(endCursor))
            {
                stop = Math.Min(stop, Math.Max(start, shard.RequireIndex(endCursor)));
            }

            var groups = new List<byte[]>(stop - start);
            for (var i = start; i < stop; i++)
            {
                groups.Add(shard.Groups[i].Data);
            }

            return new PullResult(groups, shard.CursorAt(stop), stop == shard.EndIndex);
        }
    }

    /// <summary>
    /// Stores one validated LogGroup: in <paramref name="shardId"/> when given, else in the readwrite shard whose
    /// key range contains <paramref name="routeKey"/>, else round-robin over readwrite shards. Returns the shard id.
    /// </summary>
    public int Put(string project, string logstore, string? routeKey, byte[] logGroup, int? shardId = null)
    {
        lock (_gate)
        {
            var owner = Logstore(project, logstore);
            var writable = owner.Shards.Values.Where(s => !s.ReadOnly).ToList();
            ShardState target;
            if (shardId is { } id)
            {
                target = Shard(owner, id);
                if (target.ReadOnly)
                {
                    throw LogHubErrors.ParameterInvalid($"shard {id} is readonly");
                }
            }
            else if (routeKey is null)
            {
                target = writable[owner.NextWriteShard % writable.Count];
                owner.NextWriteShard = (owner.NextWriteShard + 1) % writable.Count;
            }
            else
            {
                if (!ShardKeySpace.IsValidKey(routeKey))
                {
                    throw LogHubErrors.ParameterInvalid($"hash key '{routeKey}' must be 32 hex digits");
                }

                target = writable.FirstOrDefault(s => ShardKeySpace.Contains(s.BeginKey, s.EndKey, routeKey))
                    ?? throw LogHubErrors.ParameterInvalid($"no readwrite shard contains key {routeKey}");
            }

            var stored = new StoredLogGroup(logGroup, NowMs);
            _persistence?.AppendGroup(project, logstore, target.Id, stored);
            target.Groups.Add(stored);
            return target.Id;
        }
    }

    /// <summary>Every stored log of a logstore, shard by shard, in cursor order.</summary>
    public IReadOnlyList<LogHubStoredLog> Dump(string project, string logstore)
    {
        List<(ShardState Shard, int Index, StoredLogGroup Group)> groups;
        lock (_gate)
        {
            groups = Logstore(project, logstore).Shards.Values
                .SelectMany(s => s.Groups.Select((g, i) => (s, i, g)))
                .ToList();
        }

        var logs = new List<LogHubStoredLog>();
        foreach (var (shard, index, stored) in groups)
        {
            LogGroupRecord group;
            try
            {
                group = LogGroupParser.ParseGroup(stored.Data);
            }
            catch (LogHubException)
            {
                // A group damaged on purpose (admin "corrupt") holds no logs to show.
                continue;
            }

            foreach (var log in group.Logs)
            {
                logs.Add(new LogHubStoredLog(
                    shard.Id, shard.CursorAt(index), stored.ReceiveTimeMs, log.Time, log.TimeNs, group.Topic, group.Source, log.Contents, group.TagList));
            }
        }

        return logs;
    }

    private static ShardState Shard(LogstoreState logstore, int shardId) =>
        logstore.Shards.TryGetValue(shardId, out var shard) ? shard : throw LogHubErrors.ShardNotExist(shardId.ToString());

    private static LogHubShardInfo Info(ShardState shard) =>
        new(shard.Id, shard.Status, shard.BeginKey, shard.EndKey, shard.CreateTime);
}
