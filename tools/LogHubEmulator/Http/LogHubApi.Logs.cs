using System.Globalization;
using FlumeNet.Tools.LogHubEmulator.Protobuf;
using FlumeNet.Tools.LogHubEmulator.Protocol;

namespace FlumeNet.Tools.LogHubEmulator.Http;

/// <summary>PutLogs and PullLogs (reference §3.3, §3.4, §5).</summary>
internal sealed partial class LogHubApi
{
    private const int MaxPullCount = 1000;

    private Reply PutLogs(string project, string logstore, string? shardSegment, IncomingRequest request)
    {
        string? routeKey = null;
        if (shardSegment == "route")
        {
            routeKey = request.QueryValue("key");
            if (string.IsNullOrEmpty(routeKey))
            {
                throw LogHubErrors.MissingParameter("key is required for /shards/route");
            }
        }
        else if (request.Header("x-log-hashkey") is { Length: > 0 } hashKey)
        {
            routeKey = hashKey;
        }

        var raw = PayloadCompression.Decompress(request.Header("x-log-compresstype"), request.Header("x-log-bodyrawsize"), request.Body);
        if (raw.Length > _conditions.MaxPutRawBytes)
        {
            throw new LogHubException(400, "PostBodyTooLarge", $"body of {raw.Length} bytes exceeds {_conditions.MaxPutRawBytes} bytes");
        }

        if (LogGroupParser.ParseGroup(raw).Logs.Count == 0)
        {
            // The SDKs refuse empty batches client-side; storing one would only add an empty cursor step.
            throw LogHubErrors.PostBodyInvalid("the LogGroup holds no logs");
        }

        _store.Put(project, logstore, routeKey, raw);
        return Reply.Empty();
    }

    private Reply PullLogs(string project, string logstore, int shard, IncomingRequest request)
    {
        var cursor = request.QueryValue("cursor");
        if (string.IsNullOrEmpty(cursor))
        {
            throw LogHubErrors.MissingParameter("cursor is required");
        }

        var countText = request.QueryValue("count");
        var count = MaxPullCount;
        if (!string.IsNullOrEmpty(countText) && !int.TryParse(countText, NumberStyles.Integer, CultureInfo.InvariantCulture, out count))
        {
            throw LogHubErrors.ParameterInvalid($"count '{countText}' must be an integer");
        }

        count = Math.Clamp(count, 1, MaxPullCount);
        // The SDKs send the SPL filter as query (with pullMode=scan_on_stream); it is checked before anything is read.
        var spl = request.QueryValue("query") is { Length: > 0 } q && q.Trim().Length > 0 ? SplQuery.Parse(q) : null;
        var result = _store.Pull(project, logstore, shard, cursor, count, request.QueryValue("end_cursor"));
        IReadOnlyList<byte[]> groups = spl is null ? result.Groups : Filter(spl, result.Groups);
        var raw = groups.Count == 0 ? [] : LogGroupSerializer.SerializeGroupList(groups);
        var (body, compressType) = PayloadCompression.CompressFor(request.Header("Accept-Encoding"), raw);

        var headers = new List<KeyValuePair<string, string>>
        {
            new("x-log-cursor", result.NextCursor),
            new("x-log-count", groups.Count.ToString(CultureInfo.InvariantCulture)),
            new("x-log-bodyrawsize", raw.Length.ToString(CultureInfo.InvariantCulture)),
            new("x-log-end-of-cursor", result.EndOfCursor ? "1" : "0"),
        };
        if (compressType is not null)
        {
            headers.Add(new("x-log-compresstype", compressType));
        }

        if (spl is not null)
        {
            // What was read before the filter, as the service reports it to SPL consumers (the SDKs' "before query" count and size).
            headers.Add(new("x-log-rawdatacount", result.Groups.Count.ToString(CultureInfo.InvariantCulture)));
            headers.Add(new("x-log-rawdatasize", LogGroupSerializer.GroupListSize(result.Groups).ToString(CultureInfo.InvariantCulture)));
        }

        return new Reply(200, body, Reply.ProtobufType, headers);
    }

    // Each log through the query; a LogGroup left without logs is not sent (its cursor step still counts).
    private static List<byte[]> Filter(SplQuery spl, IReadOnlyList<byte[]> groups)
    {
        var kept = new List<byte[]>(groups.Count);
        foreach (var data in groups)
        {
            LogGroupRecord group;
            try
            {
                group = LogGroupParser.ParseGroup(data);
            }
            catch (LogHubException)
            {
                kept.Add(data); // damaged on the server (see /_emulator/corrupt): handed out as it is
                continue;
            }

            var logs = new List<LogRecord>(group.Logs.Count);
            foreach (var log in group.Logs)
            {
                if (spl.Apply(log) is { } l)
                {
                    logs.Add(l);
                }
            }

            if (logs.Count > 0)
            {
                kept.Add(LogGroupSerializer.SerializeGroup(group with { Logs = logs }));
            }
        }

        return kept;
    }
}
