using System.Globalization;
using System.Text.Json.Nodes;
using FlumeNet.Tools.LogHubEmulator.Protocol;

namespace FlumeNet.Tools.LogHubEmulator.Http;

/// <summary>Project and logstore management (reference §3.5).</summary>
internal sealed partial class LogHubApi
{
    private const int DefaultTtl = 30;
    private const int DefaultShardCount = 2;

    private Reply CreateProject(IncomingRequest request)
    {
        var body = JsonBody.ParseObject(request.Body);
        var name = JsonBody.String(body, "projectName");
        if (string.IsNullOrEmpty(name))
        {
            throw LogHubErrors.MissingParameter("projectName is required");
        }

        _store.CreateProject(name, JsonBody.String(body, "description") ?? string.Empty);
        return Reply.Empty();
    }

    private Reply GetProject(string project)
    {
        var (name, description, createTime) = _store.GetProject(project);
        return Reply.Json(new JsonObject
        {
            ["projectName"] = name,
            ["description"] = description,
            ["status"] = "Normal",
            ["owner"] = string.Empty,
            ["region"] = "emulator",
            ["createTime"] = createTime.ToString(CultureInfo.InvariantCulture),
            ["lastModifyTime"] = createTime.ToString(CultureInfo.InvariantCulture),
        });
    }

    private Reply DeleteProject(string project)
    {
        _store.DeleteProject(project);
        return Reply.Empty();
    }

    private Reply CreateLogStore(string project, IncomingRequest request)
    {
        var body = JsonBody.ParseObject(request.Body);
        var name = JsonBody.String(body, "logstoreName");
        if (string.IsNullOrEmpty(name))
        {
            throw LogHubErrors.MissingParameter("logstoreName is required");
        }

        _store.CreateLogstore(project, name, JsonBody.Int(body, "ttl") ?? DefaultTtl, JsonBody.Int(body, "shardCount") ?? DefaultShardCount);
        return Reply.Empty();
    }

    private Reply ListLogStores(string project, IncomingRequest request)
    {
        var offset = QueryInt(request, "offset") ?? 0;
        var size = QueryInt(request, "size") ?? 500;
        var (total, names) = _store.ListLogstores(project, offset, size, request.QueryValue("logstoreName"));
        var array = new JsonArray();
        foreach (var name in names)
        {
            array.Add(name);
        }

        return Reply.Json(new JsonObject { ["count"] = names.Count, ["total"] = total, ["logstores"] = array });
    }

    private Reply GetLogStore(string project, string logstore)
    {
        var info = _store.GetLogstore(project, logstore);
        return Reply.Json(new JsonObject
        {
            ["logstoreName"] = info.Name,
            ["ttl"] = info.Ttl,
            ["shardCount"] = info.ShardCount,
            ["createTime"] = info.CreateTime,
            ["lastModifyTime"] = info.LastModifyTime,
            ["autoSplit"] = false,
            ["maxSplitShard"] = 0,
            ["appendMeta"] = false,
            ["enable_tracking"] = false,
        });
    }

    private Reply DeleteLogStore(string project, string logstore)
    {
        _store.DeleteLogstore(project, logstore);
        return Reply.Empty();
    }

    private static int? QueryInt(IncomingRequest request, string name)
    {
        var text = request.QueryValue(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw LogHubErrors.ParameterInvalid($"{name} '{text}' must be an integer");
    }
}
