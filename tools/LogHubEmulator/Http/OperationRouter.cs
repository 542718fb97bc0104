namespace FlumeNet.Tools.LogHubEmulator.Http;

/// <summary>What a request addresses: the operation and the logstore, shard and consumer group named in its path.</summary>
internal sealed record RouteMatch(string Operation, string? Logstore = null, string? Shard = null, string? ConsumerGroup = null)
{
    public int? ShardId => int.TryParse(Shard, out var id) ? id : null;
}

/// <summary>Maps method + path + <c>type</c>/<c>action</c> query parameters to a LogHub operation (reference §3).</summary>
internal static class OperationRouter
{
    private const string Logstores = "logstores";

    public static RouteMatch? Match(string method, IReadOnlyList<string> segments, Func<string, string?> query)
    {
        if (segments.Count == 0)
        {
            return method switch
            {
                "POST" => new RouteMatch(Operations.CreateProject),
                "GET" => new RouteMatch(Operations.GetProject),
                "DELETE" => new RouteMatch(Operations.DeleteProject),
                _ => null,
            };
        }

        if (segments[0] != Logstores)
        {
            return null;
        }

        return segments.Count switch
        {
            1 => method switch
            {
                "GET" => new RouteMatch(Operations.ListLogStores),
                "POST" => new RouteMatch(Operations.CreateLogStore),
                _ => null,
            },
            2 => method switch
            {
                "GET" => new RouteMatch(Operations.GetLogStore, segments[1]),
                "DELETE" => new RouteMatch(Operations.DeleteLogStore, segments[1]),
                "POST" => new RouteMatch(Operations.PutLogs, segments[1]),
                _ => null,
            },
            3 => MatchCollection(method, segments[1], segments[2]),
            4 when segments[2] == "shards" => MatchShard(method, segments[1], segments[3], query),
            4 when segments[2] == "consumergroups" => MatchGroup(method, segments[1], segments[3], query),
            _ => null,
        };
    }

    private static RouteMatch? MatchCollection(string method, string logstore, string collection) => (method, collection) switch
    {
        ("GET", "shards") => new RouteMatch(Operations.ListShards, logstore),
        ("GET", "consumergroups") => new RouteMatch(Operations.ListConsumerGroup, logstore),
        ("POST", "consumergroups") => new RouteMatch(Operations.CreateConsumerGroup, logstore),
        _ => null,
    };

    private static RouteMatch? MatchShard(string method, string logstore, string shard, Func<string, string?> query)
    {
        if (method == "POST")
        {
            if (shard is "lb" or "route")
            {
                return new RouteMatch(Operations.PutLogs, logstore, shard);
            }

            return query("action") switch
            {
                "split" => new RouteMatch(Operations.SplitShard, logstore, shard),
                "merge" => new RouteMatch(Operations.MergeShards, logstore, shard),
                _ => null,
            };
        }

        if (method != "GET")
        {
            return null;
        }

        return query("type") switch
        {
            "cursor" => new RouteMatch(Operations.GetCursor, logstore, shard),
            "cursor_time" => new RouteMatch(Operations.GetCursorTime, logstore, shard),
            "log" or "logs" => new RouteMatch(Operations.PullLogs, logstore, shard),
            _ => null,
        };
    }

    private static RouteMatch? MatchGroup(string method, string logstore, string group, Func<string, string?> query) => method switch
    {
        "PUT" => new RouteMatch(Operations.UpdateConsumerGroup, logstore, null, group),
        "DELETE" => new RouteMatch(Operations.DeleteConsumerGroup, logstore, null, group),
        "GET" => new RouteMatch(Operations.GetCheckPoint, logstore, null, group),
        "POST" => query("type") switch
        {
            "heartbeat" => new RouteMatch(Operations.HeartBeat, logstore, null, group),
            "checkpoint" => new RouteMatch(Operations.UpdateCheckPoint, logstore, null, group),
            _ => null,
        },
        _ => null,
    };
}
