using System.Text.Json;
using System.Text.Json.Nodes;
using FlumeNet.Tools.LogHubEmulator.Protocol;

namespace FlumeNet.Tools.LogHubEmulator.Http;

/// <summary>Consumer-group calls (reference §3.6).</summary>
internal sealed partial class LogHubApi
{
    private const int DefaultGroupTimeout = 60;

    private Reply CreateConsumerGroup(string project, string logstore, IncomingRequest request)
    {
        var body = JsonBody.ParseObject(request.Body);
        var name = JsonBody.String(body, "consumerGroup");
        if (string.IsNullOrEmpty(name))
        {
            throw LogHubErrors.MissingParameter("consumerGroup is required");
        }

        _store.CreateConsumerGroup(project, logstore, name, JsonBody.Int(body, "timeout") ?? DefaultGroupTimeout, JsonBody.Bool(body, "order") ?? false);
        return Reply.Empty();
    }

    private Reply ListConsumerGroups(string project, string logstore)
    {
        var array = new JsonArray();
        foreach (var group in _store.ListConsumerGroups(project, logstore))
        {
            array.Add(new JsonObject { ["name"] = group.Name, ["timeout"] = group.Timeout, ["order"] = group.Order });
        }

        return Reply.Json(array);
    }

    private Reply UpdateConsumerGroup(string project, string logstore, string group, IncomingRequest request)
    {
        var body = JsonBody.ParseObject(request.Body);
        _store.UpdateConsumerGroup(project, logstore, group, JsonBody.Int(body, "timeout"), JsonBody.Bool(body, "order"));
        return Reply.Empty();
    }

    private Reply DeleteConsumerGroup(string project, string logstore, string group)
    {
        _store.DeleteConsumerGroup(project, logstore, group);
        return Reply.Empty();
    }

    private Reply HeartBeat(string project, string logstore, string group, IncomingRequest request)
    {
        var held = new List<int>();
        if (request.Body.Length > 0)
        {
            var body = JsonBody.Parse(request.Body);
            if (body.ValueKind != JsonValueKind.Array)
            {
                throw LogHubErrors.ParameterInvalid("heartbeat body must be a JSON array of shard ids");
            }

            foreach (var item in body.EnumerateArray())
            {
                held.Add(JsonBody.ToInt(item, "a shard id"));
            }
        }

        var granted = _store.HeartBeat(project, logstore, group, request.QueryValue("consumer") ?? string.Empty, held);
        var array = new JsonArray();
        foreach (var shard in granted)
        {
            array.Add(shard);
        }

        return Reply.Json(array);
    }

    private Reply UpdateCheckPoint(string project, string logstore, string group, IncomingRequest request)
    {
        var consumer = request.QueryValue("consumer");
        var forceText = request.QueryValue("forceSuccess");
        var force = string.Equals(forceText, "true", StringComparison.OrdinalIgnoreCase);
        var body = JsonBody.Parse(request.Body);
        var entries = body.ValueKind == JsonValueKind.Array ? body.EnumerateArray().ToList() : [body];
        foreach (var entry in entries)
        {
            if (entry.ValueKind != JsonValueKind.Object)
            {
                throw LogHubErrors.ParameterInvalid("checkpoint body must be {\"shard\":N,\"checkpoint\":\"cursor\"}");
            }

            var shard = JsonBody.Int(entry, "shard") ?? throw LogHubErrors.MissingParameter("shard is required");
            var checkpoint = JsonBody.String(entry, "checkpoint");
            if (string.IsNullOrEmpty(checkpoint))
            {
                throw LogHubErrors.InvalidShardCheckPoint("checkpoint is required");
            }

            _store.UpdateCheckpoint(project, logstore, group, string.IsNullOrEmpty(consumer) ? null : consumer, force, shard, checkpoint);
        }

        return Reply.Empty();
    }

    private Reply GetCheckPoint(string project, string logstore, string group, IncomingRequest request)
    {
        var shard = QueryInt(request, "shard");
        var array = new JsonArray();
        foreach (var checkpoint in _store.GetCheckpoints(project, logstore, group, shard))
        {
            array.Add(new JsonObject
            {
                ["shard"] = checkpoint.Shard,
                ["checkpoint"] = checkpoint.Checkpoint,
                ["updateTime"] = checkpoint.UpdateTime,
                ["consumer"] = checkpoint.Consumer,
            });
        }

        return Reply.Json(array);
    }
}
