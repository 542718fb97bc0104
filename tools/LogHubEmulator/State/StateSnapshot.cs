namespace FlumeNet.Tools.LogHubEmulator.State;

/// <summary>Everything but the LogGroups, as written to <c>state.json</c> in the state directory.</summary>
internal sealed record StateSnapshot(string? DefaultProject, List<ProjectSnapshot> Projects)
{
    public static StateSnapshot From(string? defaultProject, IEnumerable<ProjectState> projects) =>
        new(defaultProject, projects.Select(ProjectSnapshot.From).ToList());
}

internal sealed record ProjectSnapshot(string Name, string Description, long CreateTime, List<LogstoreSnapshot> Logstores)
{
    public static ProjectSnapshot From(ProjectState project) =>
        new(project.Name, project.Description, project.CreateTime, project.Logstores.Values.Select(LogstoreSnapshot.From).ToList());

    public ProjectState ToState()
    {
        var project = new ProjectState(Name, Description, CreateTime);
        foreach (var logstore in Logstores)
        {
            project.Logstores[logstore.Name] = logstore.ToState();
        }

        return project;
    }
}

internal sealed record LogstoreSnapshot(
    string Name, int Ttl, long CreateTime, long LastModifyTime, List<ShardSnapshot> Shards, List<ConsumerGroupSnapshot> ConsumerGroups)
{
    public static LogstoreSnapshot From(LogstoreState logstore) =>
        new(logstore.Name, logstore.Ttl, logstore.CreateTime, logstore.LastModifyTime,
            logstore.Shards.Values.Select(ShardSnapshot.From).ToList(),
            logstore.ConsumerGroups.Values.Select(ConsumerGroupSnapshot.From).ToList());

    public LogstoreState ToState()
    {
        var logstore = new LogstoreState(Name, Ttl, CreateTime) { LastModifyTime = LastModifyTime };
        foreach (var shard in Shards)
        {
            logstore.Shards[shard.Id] = shard.ToState();
        }

        foreach (var group in ConsumerGroups)
        {
            logstore.ConsumerGroups[group.Name] = group.ToState();
        }

        return logstore;
    }
}

internal sealed record ShardSnapshot(int Id, bool ReadOnly, string BeginKey, string EndKey, long CreateTime, List<int> Parents, long CursorBase)
{
    public static ShardSnapshot From(ShardState shard) =>
        new(shard.Id, shard.ReadOnly, shard.BeginKey, shard.EndKey, shard.CreateTime, shard.Parents.ToList(), shard.CursorBase);

    public ShardState ToState() =>
        new(Id, BeginKey, EndKey, CreateTime, Parents, CursorBase) { ReadOnly = ReadOnly };
}

internal sealed record ConsumerGroupSnapshot(
    string Name, int Timeout, bool Order, Dictionary<string, long> Consumers, List<AssignmentSnapshot> Assignments, List<CheckpointSnapshot> Checkpoints)
{
    public static ConsumerGroupSnapshot From(ConsumerGroupState group) =>
        new(group.Name, group.TimeoutSeconds, group.Order,
            new Dictionary<string, long>(group.Consumers, StringComparer.Ordinal),
            group.Assignments.Select(a => new AssignmentSnapshot(a.Key, a.Value.State, a.Value.Holder, a.Value.Next)).ToList(),
            group.Checkpoints.Select(c => new CheckpointSnapshot(c.Key, c.Value.Cursor, c.Value.UpdateTimeMicros, c.Value.Consumer)).ToList());

    public ConsumerGroupState ToState()
    {
        var group = new ConsumerGroupState(Name, Timeout, Order);
        foreach (var (consumer, lastHeartbeat) in Consumers)
        {
            group.Consumers[consumer] = lastHeartbeat;
        }

        foreach (var a in Assignments)
        {
            group.Assignments[a.Shard] = new ShardAssignment { State = a.State, Holder = a.Holder, Next = a.Next };
        }

        foreach (var c in Checkpoints)
        {
            group.Checkpoints[c.Shard] = new CheckpointEntry(c.Cursor, c.UpdateTime, c.Consumer);
        }

        return group;
    }
}

internal sealed record AssignmentSnapshot(int Shard, ShardAllocation State, string? Holder, string? Next);

internal sealed record CheckpointSnapshot(int Shard, string Cursor, long UpdateTime, string Consumer);
