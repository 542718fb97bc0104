using System.Text.Json.Nodes;
using FlumeNet.Tools.LogHubEmulator.Protocol;
using FlumeNet.Tools.LogHubEmulator.State;

namespace FlumeNet.Tools.LogHubEmulator.Http;

/// <summary>ListShards, split, merge, GetCursor and cursor_time (reference §3.1, §3.2).</summary>
internal sealed partial class LogHubApi
{
    private Reply ListShards(string project, string logstore) => ShardArray(_store.ListShards(project, logstore));

    private Reply SplitShard(string project, string logstore, int shard, IncomingRequest request)
    {
        var key = request.QueryValue("key");
        return ShardArray(_store.SplitShard(project, logstore, shard, string.IsNullOrEmpty(key) ? null : key));
    }

    private Reply MergeShards(string project, string logstore, int shard) => ShardArray(_store.MergeShards(project, logstore, shard));

    private Reply GetCursor(string project, string logstore, int shard, IncomingRequest request)
    {
        var from = request.QueryValue("from");
        if (string.IsNullOrEmpty(from))
        {
            throw LogHubErrors.MissingParameter("from is required (begin, end or unix seconds)");
        }

        return Reply.Json(new JsonObject { ["cursor"] = _store.GetCursor(project, logstore, shard, from) });
    }

    private Reply GetCursorTime(string project, string logstore, int shard, IncomingRequest request) =>
        Reply.Json(new JsonObject { ["cursor_time"] = _store.GetCursorTime(project, logstore, shard, request.QueryValue("cursor")) });

    /// <summary>The JSON array of ListShards (also the answer of split and merge).</summary>
    public static Reply ShardArray(IReadOnlyList<LogHubShardInfo> shards)
    {
        var array = new JsonArray();
        foreach (var shard in shards)
        {
            array.Add(new JsonObject
            {
                ["shardID"] = shard.ShardId,
                ["status"] = shard.Status,
                ["inclusiveBeginKey"] = shard.InclusiveBeginKey,
                ["exclusiveEndKey"] = shard.ExclusiveEndKey,
                ["createTime"] = shard.CreateTime,
            });
        }

        return Reply.Json(array);
    }
}
