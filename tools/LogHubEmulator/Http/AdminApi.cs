using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlumeNet.Tools.LogHubEmulator.Diagnostics;
using FlumeNet.Tools.LogHubEmulator.Protocol;
using FlumeNet.Tools.LogHubEmulator.State;

namespace FlumeNet.Tools.LogHubEmulator.Http;

/// <summary>
/// The unsigned test-control API under <c>/_emulator/</c>: faults, split, statistics, log dump, logstore
/// creation, consumer-group allocations. Not counted in the statistics.
/// </summary>
internal sealed class AdminApi
{
    private static readonly JsonSerializerOptions FaultJson = new() { PropertyNameCaseInsensitive = true };

    private readonly EmulatorStore _store;
    private readonly FaultInjector _faults;
    private readonly RequestStatistics _statistics;
    private readonly ServiceConditions _conditions;

    public AdminApi(EmulatorStore store, FaultInjector faults, RequestStatistics statistics, ServiceConditions conditions)
    {
        _conditions = conditions;
        _store = store;
        _faults = faults;
        _statistics = statistics;
    }

    public Reply Handle(string method, string resource, IReadOnlyList<KeyValuePair<string, string>> query, byte[] body)
    {
        string? Query(string name) => query.FirstOrDefault(q => q.Key == name).Value;
        try
        {
            return (method, resource) switch
            {
                ("GET", "" or "health") => Reply.Json(new JsonObject { ["status"] = "ok", ["defaultProject"] = _store.DefaultProject }),
                ("POST", "faults") => AddFaults(body),
                ("GET", "faults") => ListFaults(),
                ("DELETE", "faults") => ClearFaults(),
                ("POST", "split") => Split(body),
                ("POST", "ram") => SetRamPolicy(body),
                ("GET", "ram") => RamPolicies(),
                ("POST", "sts") => SetSecurityToken(body),
                ("POST", "clock") => SetClock(body),
                ("POST", "limits") => SetLimits(body),
                ("POST", "corrupt") => Corrupt(body),
                ("POST", "logstores") => CreateLogstore(body),
                ("GET", "stats") => Reply.Json(StatisticsJson(_statistics.Snapshot())),
                ("DELETE", "stats") => ResetStatistics(),
                ("GET", "logs") => Reply.Json(LogsJson(_store.Dump(Project(Query("project")), Required(Query("logstore"), "logstore")))),
                ("GET", "consumergroups") => Allocations(Project(Query("project")), Required(Query("logstore"), "logstore"), Required(Query("group"), "group")),
                _ => throw new LogHubException(404, "InvalidAdminRequest", $"no admin call {method} /_emulator/{resource}"),
            };
        }
        catch (LogHubException error)
        {
            return Reply.Error(error);
        }
        catch (Exception error) when (error is JsonException or ArgumentException)
        {
            return Reply.Error(LogHubErrors.ParameterInvalid(error.Message));
        }
    }

    public static JsonObject StatisticsJson(LogHubEmulatorStatistics statistics)
    {
        var operations = new JsonObject();
        foreach (var (name, count) in statistics.Operations)
        {
            operations[name] = count;
        }

        var statuses = new JsonObject();
        foreach (var (status, count) in statistics.Statuses)
        {
            statuses[status.ToString(CultureInfo.InvariantCulture)] = count;
        }

        var errors = new JsonObject();
        foreach (var (code, count) in statistics.ErrorCodes)
        {
            errors[code] = count;
        }

        var byOperation = new JsonObject();
        foreach (var (name, counts) in statistics.OperationStatuses)
        {
            var perStatus = new JsonObject();
            foreach (var (status, count) in counts)
            {
                perStatus[status.ToString(CultureInfo.InvariantCulture)] = count;
            }

            byOperation[name] = perStatus;
        }

        return new JsonObject
        {
            ["total"] = statistics.TotalRequests,
            ["operations"] = operations,
            ["statuses"] = statuses,
            ["errorCodes"] = errors,
            ["byOperation"] = byOperation,
        };
    }

    public static JsonArray LogsJson(IReadOnlyList<LogHubStoredLog> logs)
    {
        var array = new JsonArray();
        foreach (var log in logs)
        {
            array.Add(new JsonObject
            {
                ["shard"] = log.Shard,
                ["cursor"] = log.Cursor,
                ["receiveTime"] = log.ReceiveTimeMs / 1000,
                ["receiveTimeMs"] = log.ReceiveTimeMs,
                ["time"] = log.Time,
                ["timeNs"] = log.TimeNs,
                ["topic"] = log.Topic,
                ["source"] = log.Source,
                ["contents"] = Pairs(log.Contents),
                ["tags"] = Pairs(log.Tags),
            });
        }

        return array;
    }

    private static JsonObject Pairs(IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        var result = new JsonObject();
        foreach (var (key, value) in pairs)
        {
            result[key] = value;
        }

        return result;
    }

    private Reply SetRamPolicy(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        var key = doc.RootElement.GetProperty("accessKeyId").GetString() ?? throw LogHubErrors.ParameterInvalid("accessKeyId expected");
        List<string>? actions = null;
        if (doc.RootElement.TryGetProperty("actions", out var a) && a.ValueKind == JsonValueKind.Array)
        {
            actions = a.EnumerateArray().Select(x => x.GetString() ?? string.Empty).ToList();
        }

        _conditions.SetPolicy(key, actions);
        return RamPolicies();
    }

    private Reply SetSecurityToken(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        var key = doc.RootElement.GetProperty("accessKeyId").GetString() ?? throw LogHubErrors.ParameterInvalid("accessKeyId expected");
        var token = doc.RootElement.TryGetProperty("securityToken", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        _conditions.SetSecurityToken(key, token);
        return Reply.Json(new JsonObject { ["accessKeyId"] = key, ["required"] = token is not null });
    }

    private Reply RamPolicies()
    {
        var result = new JsonObject();
        foreach (var (key, actions) in _conditions.Policies())
        {
            result[key] = new JsonArray(actions.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray());
        }

        return Reply.Json(result);
    }

    private Reply SetClock(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        _conditions.ClockOffset = TimeSpan.FromSeconds(doc.RootElement.GetProperty("offsetSeconds").GetDouble());
        return Reply.Json(new JsonObject { ["offsetSeconds"] = _conditions.ClockOffset.TotalSeconds });
    }

    private Reply SetLimits(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        if (doc.RootElement.TryGetProperty("maxPutRawBytes", out var max))
        {
            _conditions.MaxPutRawBytes = max.GetInt32();
        }

        return Reply.Json(new JsonObject { ["maxPutRawBytes"] = _conditions.MaxPutRawBytes });
    }

    /// <summary>Stores a LogGroup that does not decode (a Log whose field runs past its end) in a shard, as data damaged on the server.</summary>
    private Reply Corrupt(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        var project = Project(root.TryGetProperty("project", out var p) ? p.GetString() : null);
        var logstore = Required(root.TryGetProperty("logstore", out var l) ? l.GetString() : null, "logstore");
        var shard = root.GetProperty("shard").GetInt32();
        byte[] damaged = [0x0A, 0x06, 0x08, 0x01, 0x12, 0x7F, 0x0A, 0x01];
        _store.Put(project, logstore, null, damaged, shard);
        return Reply.Json(new JsonObject { ["shard"] = shard });
    }

    private Reply AddFaults(byte[] body)
    {
        var root = JsonBody.Parse(body);
        var faults = root.ValueKind == JsonValueKind.Array
            ? root.Deserialize<List<LogHubFault>>(FaultJson) ?? []
            : [root.Deserialize<LogHubFault>(FaultJson) ?? throw LogHubErrors.ParameterInvalid("fault expected")];
        foreach (var fault in faults)
        {
            _faults.Add(fault);
        }

        return Reply.Json(new JsonObject { ["added"] = faults.Count });
    }

    private Reply ListFaults()
    {
        var array = new JsonArray();
        foreach (var (fault, remaining) in _faults.List())
        {
            var item = JsonSerializer.SerializeToNode(fault, FaultJson)!.AsObject();
            item["remaining"] = remaining;
            array.Add(item);
        }

        return Reply.Json(array);
    }

    private Reply ClearFaults()
    {
        _faults.Clear();
        return Reply.Json(new JsonObject());
    }

    private Reply ResetStatistics()
    {
        _statistics.Reset();
        return Reply.Json(new JsonObject());
    }

    private Reply Split(byte[] body)
    {
        var request = JsonBody.ParseObject(body);
        var project = Project(JsonBody.String(request, "project"));
        var logstore = Required(JsonBody.String(request, "logstore"), "logstore");
        var shard = JsonBody.Int(request, "shard") ?? throw LogHubErrors.MissingParameter("shard is required");
        return LogHubApi.ShardArray(_store.SplitShard(project, logstore, shard, null));
    }

    private Reply CreateLogstore(byte[] body)
    {
        var request = JsonBody.ParseObject(body);
        var project = Required(JsonBody.String(request, "project"), "project");
        var logstore = Required(JsonBody.String(request, "logstore"), "logstore");
        _store.CreateProject(project, string.Empty, ifMissing: true);
        _store.CreateLogstore(project, logstore, JsonBody.Int(request, "ttl") ?? 30, JsonBody.Int(request, "shards") ?? 2, ifMissing: true);
        return LogHubApi.ShardArray(_store.ListShards(project, logstore));
    }

    private Reply Allocations(string project, string logstore, string group)
    {
        var array = new JsonArray();
        foreach (var (shard, state, holder, next) in _store.Allocations(project, logstore, group))
        {
            array.Add(new JsonObject { ["shard"] = shard, ["state"] = state.ToString(), ["holder"] = holder, ["next"] = next });
        }

        return Reply.Json(array);
    }

    private string Project(string? name) =>
        string.IsNullOrEmpty(name) ? _store.DefaultProject ?? throw LogHubErrors.ProjectNotExist(null) : name;

    private static string Required(string? value, string name) =>
        string.IsNullOrEmpty(value) ? throw LogHubErrors.MissingParameter($"{name} is required") : value;
}
