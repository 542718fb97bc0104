using FlumeNet.Tools.KafkaEmulator.Protocol;

namespace FlumeNet.Tools.KafkaEmulator.Groups;

/// <summary>
/// The classic group protocol's coordinator side for one group: the broker gathers joins, picks a leader, relays the
/// leader's assignment (computed by the client, e.g. range) in SyncGroup, and restarts the rebalance when a member
/// joins, leaves or misses its session timeout. Committed offsets live here too.
/// </summary>
internal sealed class ConsumerGroup
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, GroupMember> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Topic, int Partition), (long Offset, string? Metadata)> _offsets = [];
    private DateTime _rebalanceDeadline;

    public ConsumerGroup(string id)
    {
        Id = id;
    }

    public string Id { get; }

    public GroupState State { get; private set; } = GroupState.Empty;

    public int Generation { get; private set; }

    public string? ProtocolType { get; private set; }

    public string? Protocol { get; private set; }

    public string? LeaderId { get; private set; }

    public int Rebalances { get; private set; }

    public Task<JoinResult> Join(string memberId, string clientId, string? instanceId, int sessionTimeoutMs, int rebalanceTimeoutMs,
        string protocolType, IReadOnlyList<(string Name, byte[] Metadata)> protocols)
    {
        lock (_lock)
        {
            if (memberId.Length > 0 && !_members.ContainsKey(memberId))
            {
                return Task.FromResult(JoinError(ErrorCode.UnknownMemberId, memberId));
            }
            if (sessionTimeoutMs < 1000 || sessionTimeoutMs > 1_800_000)
            {
                return Task.FromResult(JoinError(ErrorCode.InvalidSessionTimeout, memberId));
            }
            if (_members.Count > 0 && (ProtocolType != protocolType || !SharesProtocol(protocols)))
            {
                return Task.FromResult(JoinError(ErrorCode.InconsistentGroupProtocol, memberId));
            }
            if (memberId.Length == 0)
            {
                memberId = clientId + "-" + Guid.NewGuid().ToString("D");
            }
            if (!_members.TryGetValue(memberId, out var member))
            {
                member = new GroupMember(memberId, clientId, instanceId);
                _members.Add(memberId, member);
            }
            ProtocolType = protocolType;
            member.SessionTimeoutMs = sessionTimeoutMs;
            member.RebalanceTimeoutMs = rebalanceTimeoutMs;
            member.Protocols = protocols;
            member.LastSeen = DateTime.UtcNow;
            member.PendingJoin?.TrySetResult(JoinError(ErrorCode.RebalanceInProgress, memberId));
            member.PendingJoin = new TaskCompletionSource<JoinResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            var pending = member.PendingJoin.Task;
            if (State != GroupState.PreparingRebalance)
            {
                StartRebalance();
            }
            TryCompleteJoin(force: false);
            return pending;
        }
    }

    public Task<SyncResult> Sync(string memberId, int generation, IReadOnlyDictionary<string, byte[]> assignments)
    {
        lock (_lock)
        {
            if (!_members.TryGetValue(memberId, out var member))
            {
                return Task.FromResult(new SyncResult(ErrorCode.UnknownMemberId, []));
            }
            if (generation != Generation)
            {
                return Task.FromResult(new SyncResult(ErrorCode.IllegalGeneration, []));
            }
            member.LastSeen = DateTime.UtcNow;
            switch (State)
            {
                case GroupState.PreparingRebalance:
                case GroupState.Empty:
                    return Task.FromResult(new SyncResult(ErrorCode.RebalanceInProgress, []));
                case GroupState.Stable:
                    return Task.FromResult(new SyncResult(ErrorCode.None, member.Assignment));
            }
            member.PendingSync?.TrySetResult(new SyncResult(ErrorCode.RebalanceInProgress, []));
            member.PendingSync = new TaskCompletionSource<SyncResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            var pending = member.PendingSync.Task;
            if (memberId == LeaderId)
            {
                foreach (var m in _members.Values)
                {
                    m.Assignment = assignments.TryGetValue(m.Id, out var a) ? a : [];
                }
                State = GroupState.Stable;
                foreach (var m in _members.Values)
                {
                    var waiting = m.PendingSync;
                    m.PendingSync = null;
                    waiting?.TrySetResult(new SyncResult(ErrorCode.None, m.Assignment));
                }
            }
            return pending;
        }
    }

    public short Heartbeat(string memberId, int generation)
    {
        lock (_lock)
        {
            if (!_members.TryGetValue(memberId, out var member))
            {
                return ErrorCode.UnknownMemberId;
            }
            member.LastSeen = DateTime.UtcNow;
            if (State == GroupState.PreparingRebalance)
            {
                return ErrorCode.RebalanceInProgress;
            }
            return generation != Generation ? ErrorCode.IllegalGeneration : ErrorCode.None;
        }
    }

    public short Leave(string memberId)
    {
        lock (_lock)
        {
            if (!_members.TryGetValue(memberId, out var member))
            {
                return ErrorCode.UnknownMemberId;
            }
            Remove(member);
            if (_members.Count > 0)
            {
                StartRebalance();
                TryCompleteJoin(force: false);
            }
            else
            {
                BecomeEmpty();
            }
            return ErrorCode.None;
        }
    }

    public short Commit(string memberId, int generation, IEnumerable<(string Topic, int Partition, long Offset, string? Metadata)> offsets)
    {
        lock (_lock)
        {
            var simple = generation < 0 && memberId.Length == 0;
            if (!simple)
            {
                if (!_members.TryGetValue(memberId, out var member))
                {
                    return ErrorCode.UnknownMemberId;
                }
                if (generation != Generation)
                {
                    return ErrorCode.IllegalGeneration;
                }
                if (State == GroupState.CompletingRebalance)
                {
                    return ErrorCode.RebalanceInProgress;
                }
                member.LastSeen = DateTime.UtcNow;
            }
            foreach (var (topic, partition, offset, metadata) in offsets)
            {
                _offsets[(topic, partition)] = (offset, metadata);
            }
            return ErrorCode.None;
        }
    }

    public (long Offset, string? Metadata)? Committed(string topic, int partition)
    {
        lock (_lock)
        {
            return _offsets.TryGetValue((topic, partition), out var o) ? o : null;
        }
    }

    public List<(string Topic, int Partition, long Offset, string? Metadata)> AllCommitted()
    {
        lock (_lock)
        {
            return _offsets.Select(kv => (kv.Key.Topic, kv.Key.Partition, kv.Value.Offset, kv.Value.Metadata)).ToList();
        }
    }

    /// <summary>Members with their assignment bytes, for the stats endpoint.</summary>
    public List<(string Id, string ClientId, int AssignmentBytes)> Describe()
    {
        lock (_lock)
        {
            return _members.Values.Select(m => (m.Id, m.ClientId, m.Assignment.Length)).ToList();
        }
    }

    /// <summary>Fault: makes every member rejoin, as a new member or a metadata change would.</summary>
    public void ForceRebalance()
    {
        lock (_lock)
        {
            if (_members.Count > 0 && State != GroupState.PreparingRebalance)
            {
                StartRebalance();
            }
        }
    }

    /// <summary>Broker restart: membership is forgotten (clients get UNKNOWN_MEMBER_ID and rejoin), offsets are kept.</summary>
    public void ForgetMembers()
    {
        lock (_lock)
        {
            foreach (var m in _members.Values.ToList())
            {
                Remove(m);
            }
            BecomeEmpty();
        }
    }

    /// <summary>Called periodically: expires members past their session timeout and ends overdue rebalances.</summary>
    public void Tick(DateTime now)
    {
        lock (_lock)
        {
            // As Kafka's coordinator: a member whose session expires is removed in every state, a rebalance included
            // (a crashed member must not hold the others until the rebalance timeout).
            var expired = _members.Values.Where(m => m.PendingJoin is null && now - m.LastSeen > TimeSpan.FromMilliseconds(m.SessionTimeoutMs)).ToList();
            foreach (var m in expired)
            {
                Remove(m);
            }
            if (State == GroupState.PreparingRebalance)
            {
                TryCompleteJoin(force: now >= _rebalanceDeadline);
                return;
            }
            if (expired.Count == 0)
            {
                return;
            }
            if (_members.Count > 0)
            {
                StartRebalance();
            }
            else
            {
                BecomeEmpty();
            }
        }
    }

    private void StartRebalance()
    {
        State = GroupState.PreparingRebalance;
        Rebalances++;
        var timeout = _members.Values.Select(m => m.RebalanceTimeoutMs).DefaultIfEmpty(30_000).Max();
        _rebalanceDeadline = DateTime.UtcNow.AddMilliseconds(timeout);
        foreach (var m in _members.Values)
        {
            var waiting = m.PendingSync;
            m.PendingSync = null;
            waiting?.TrySetResult(new SyncResult(ErrorCode.RebalanceInProgress, []));
        }
    }

    private void TryCompleteJoin(bool force)
    {
        if (State != GroupState.PreparingRebalance)
        {
            return;
        }
        if (!force && _members.Values.Any(m => m.PendingJoin is null))
        {
            return;
        }
        foreach (var late in _members.Values.Where(m => m.PendingJoin is null).ToList())
        {
            Remove(late);
        }
        if (_members.Count == 0)
        {
            BecomeEmpty();
            return;
        }
        Generation++;
        if (LeaderId is null || !_members.ContainsKey(LeaderId))
        {
            LeaderId = _members.Keys.First();
        }
        Protocol = ChooseProtocol();
        State = GroupState.CompletingRebalance;
        var all = _members.Values.Select(m => (m.Id, m.InstanceId, m.MetadataFor(Protocol) ?? [])).ToList();
        var now = DateTime.UtcNow;
        foreach (var m in _members.Values)
        {
            var waiting = m.PendingJoin!;
            m.PendingJoin = null;
            m.LastSeen = now;
            waiting.TrySetResult(new JoinResult(ErrorCode.None, Generation, Protocol, LeaderId, m.Id, m.Id == LeaderId ? all : []));
        }
    }

    private string ChooseProtocol()
    {
        var leader = _members[LeaderId!];
        foreach (var (name, _) in leader.Protocols)
        {
            if (_members.Values.All(m => m.MetadataFor(name) is not null))
            {
                return name;
            }
        }
        return leader.Protocols[0].Name;
    }

    private bool SharesProtocol(IReadOnlyList<(string Name, byte[] Metadata)> protocols)
    {
        foreach (var (name, _) in protocols)
        {
            if (_members.Values.All(m => m.MetadataFor(name) is not null))
            {
                return true;
            }
        }
        return false;
    }

    private void Remove(GroupMember member)
    {
        _members.Remove(member.Id);
        member.PendingJoin?.TrySetResult(JoinError(ErrorCode.UnknownMemberId, member.Id));
        member.PendingSync?.TrySetResult(new SyncResult(ErrorCode.UnknownMemberId, []));
        member.PendingJoin = null;
        member.PendingSync = null;
        if (member.Id == LeaderId)
        {
            LeaderId = null;
        }
    }

    private void BecomeEmpty()
    {
        if (State != GroupState.Empty)
        {
            Generation++;
        }
        State = GroupState.Empty;
        LeaderId = null;
        Protocol = null;
    }

    private static JoinResult JoinError(short error, string memberId) => new(error, -1, "", "", memberId, []);
}

internal enum GroupState
{
    Empty,
    PreparingRebalance,
    CompletingRebalance,
    Stable,
}
