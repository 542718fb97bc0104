using FlumeNet.Tools.LogHubEmulator.Protocol;
using FlumeNet.Tools.LogHubEmulator.State;

namespace FlumeNet.Tools.LogHubEmulator.Http;

/// <summary>
/// The LogHub calls, each turning an authenticated request into a store operation and a <see cref="Reply"/>.
/// This file: the switch; the other parts hold one family of calls each.
/// </summary>
internal sealed partial class LogHubApi
{
    private readonly EmulatorStore _store;
    private readonly Diagnostics.ServiceConditions _conditions;

    public LogHubApi(EmulatorStore store, Diagnostics.ServiceConditions conditions)
    {
        _store = store;
        _conditions = conditions;
    }

    /// <param name="route">The matched operation.</param>
    /// <param name="project">The resolved project; null only for CreateProject.</param>
    /// <param name="request">The request as received.</param>
    public Reply Handle(RouteMatch route, string? project, IncomingRequest request)
    {
        if (route.Operation == Operations.CreateProject)
        {
            return CreateProject(request);
        }

        var p = project!;
        var ls = route.Logstore ?? string.Empty;
        return route.Operation switch
        {
            Operations.GetProject => GetProject(p),
            Operations.DeleteProject => DeleteProject(p),
            Operations.ListLogStores => ListLogStores(p, request),
            Operations.CreateLogStore => CreateLogStore(p, request),
            Operations.GetLogStore => GetLogStore(p, ls),
            Operations.DeleteLogStore => DeleteLogStore(p, ls),
            Operations.ListShards => ListShards(p, ls),
            Operations.SplitShard => SplitShard(p, ls, ShardId(route), request),
            Operations.MergeShards => MergeShards(p, ls, ShardId(route)),
            Operations.GetCursor => GetCursor(p, ls, ShardId(route), request),
            Operations.GetCursorTime => GetCursorTime(p, ls, ShardId(route), request),
            Operations.PullLogs => PullLogs(p, ls, ShardId(route), request),
            Operations.PutLogs => PutLogs(p, ls, route.Shard, request),
            Operations.ListConsumerGroup => ListConsumerGroups(p, ls),
            Operations.CreateConsumerGroup => CreateConsumerGroup(p, ls, request),
            Operations.UpdateConsumerGroup => UpdateConsumerGroup(p, ls, route.ConsumerGroup!, request),
            Operations.DeleteConsumerGroup => DeleteConsumerGroup(p, ls, route.ConsumerGroup!),
            Operations.HeartBeat => HeartBeat(p, ls, route.ConsumerGroup!, request),
            Operations.UpdateCheckPoint => UpdateCheckPoint(p, ls, route.ConsumerGroup!, request),
            Operations.GetCheckPoint => GetCheckPoint(p, ls, route.ConsumerGroup!, request),
            _ => throw LogHubErrors.ParameterInvalid($"operation {route.Operation} is not supported"),
        };
    }

    private static int ShardId(RouteMatch route)
    {
        // A shard that is not a number cannot exist; the store reports a missing one the same way.
        return route.ShardId ?? throw LogHubErrors.ShardNotExist(route.Shard ?? string.Empty);
    }
}
