using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FlumeNet.Agent.Core;
using NLog;

namespace FlumeNet.Agent.LogHub;

/// <summary>
/// LogHub's REST API for one project and logstore (reference loghub.md §3), signed with V1 (§2). Each call is one
/// attempt, except that network failures and 5xx answers are retried a bounded number of times with a doubling pause
/// (a WARN each); quota errors and all other errors reach the caller as <see cref="LogHubException"/>, classified.
/// Thread-safe. Secrets never appear in messages or logs.
/// </summary>
public sealed class LogHubClient : IDisposable
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly MediaTypeHeaderValue Protobuf = new("application/x-protobuf");
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly LogHubEndpoint _endpoint;
    private readonly LogHubCredentials _credentials;
    private readonly string _userAgent;

    public LogHubClient(LogHubEndpoint endpoint, string logstore, LogHubCredentials credentials, string userAgent = "flumenet-loghub")
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credentials);
        _endpoint = endpoint;
        Logstore = logstore;
        _credentials = credentials;
        _userAgent = userAgent;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseCookies = false,
            UseProxy = false,
        })
        {
            BaseAddress = endpoint.BaseUri,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public string Logstore { get; }

    /// <summary>Attempts per call for network failures and 5xx answers.</summary>
    public int MaxTransientAttempts { get; init; } = 4;

    /// <summary>First pause between transient retries; doubles up to 5 s.</summary>
    public TimeSpan TransientRetryDelay { get; init; } = TimeSpan.FromMilliseconds(300);

    public override string ToString() => $"{_endpoint}/logstores/{Logstore}";

    public async Task<IReadOnlyList<ShardInfo>> ListShardsAsync(CancellationToken ct)
    {
        using var r = await SendAsync("ListShards", HttpMethod.Get, $"/logstores/{Logstore}/shards", [], null, ct).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(r.Buffer.AsMemory(0, r.Length));
        var shards = new List<ShardInfo>();
        foreach (var s in doc.RootElement.EnumerateArray())
        {
            shards.Add(new ShardInfo(
                s.GetProperty("shardID").GetInt32(),
                string.Equals(s.TryGetProperty("status", out var st) ? st.GetString() : "readwrite", "readwrite", StringComparison.OrdinalIgnoreCase),
                s.TryGetProperty("inclusiveBeginKey", out var b) ? b.GetString() ?? "" : "",
                s.TryGetProperty("exclusiveEndKey", out var e) ? e.GetString() ?? "" : ""));
        }
        return shards;
    }

    /// <summary>A cursor at <c>begin</c>, <c>end</c>, or the first log group received at or after a unix time in seconds.</summary>
    public async Task<string> GetCursorAsync(int shard, string from, CancellationToken ct)
    {
        using var r = await SendAsync("GetCursor", HttpMethod.Get, $"/logstores/{Logstore}/shards/{shard}", [new("type", "cursor"), new("from", from)], null, ct)
            .ConfigureAwait(false);
        using var doc = JsonDocument.Parse(r.Buffer.AsMemory(0, r.Length));
        return doc.RootElement.GetProperty("cursor").GetString() ?? throw new LogHubException("LogHub GetCursor answered without a cursor");
    }

    /// <summary>Up to <paramref name="count"/> log groups from a cursor, LZ4-compressed on the wire.</summary>
    public async Task<PulledLogs> PullLogsAsync(int shard, string cursor, int count, CancellationToken ct)
    {
        KeyValuePair<string, string>[] query =
        [
            new("type", "log"),
            new("cursor", cursor),
            new("count", count.ToString(CultureInfo.InvariantCulture)),
        ];
        var r = await SendAsync("PullLogs", HttpMethod.Get, $"/logstores/{Logstore}/shards/{shard}", query, null, ct, acceptLz4: true).ConfigureAwait(false);
        try
        {
            var next = r.Header("x-log-cursor");
            if (string.IsNullOrEmpty(next))
            {
                next = cursor;
            }
            var groups = int.TryParse(r.Header("x-log-count"), NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : -1;
            var rawSize = int.TryParse(r.Header("x-log-bodyrawsize"), NumberStyles.None, CultureInfo.InvariantCulture, out var raw) ? raw : r.Length;
            var body = LogHubCompression.Decompress("PullLogs", r.Header("x-log-compresstype"), r.Body, rawSize);
            return new PulledLogs(body.Buffer, body.Length, next, groups);
        }
        finally
        {
            r.Dispose();
        }
    }

    /// <summary>Writes one serialized LogGroup to a load-balanced shard, LZ4-compressed.</summary>
    public async Task PutLogsAsync(ReadOnlyMemory<byte> logGroup, CancellationToken ct)
    {
        var compressed = LogHubCompression.CompressLz4(logGroup.Span);
        try
        {
            var body = new RequestBody(compressed.Buffer, compressed.Length, Protobuf, logGroup.Length, "lz4");
            using var r = await SendAsync("PutLogs", HttpMethod.Post, $"/logstores/{Logstore}/shards/lb", [], body, ct).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed.Buffer);
        }
    }

    /// <summary>Creates the group; an existing one is updated to the given timeout and order.</summary>
    public async Task EnsureConsumerGroupAsync(string group, int timeoutSeconds, bool inOrder, CancellationToken ct)
    {
        var create = JsonBody(new Dictionary<string, object> { ["consumerGroup"] = group, ["timeout"] = timeoutSeconds, ["order"] = inOrder });
        try
        {
            using var r = await SendAsync("CreateConsumerGroup", HttpMethod.Post, $"/logstores/{Logstore}/consumergroups", [], create, ct).ConfigureAwait(false);
        }
        catch (LogHubException ex) when (ex.ErrorCode == "ConsumerGroupAlreadyExist")
        {
            var update = JsonBody(new Dictionary<string, object> { ["timeout"] = timeoutSeconds, ["order"] = inOrder });
            using var r = await SendAsync("UpdateConsumerGroup", HttpMethod.Put, $"/logstores/{Logstore}/consumergroups/{Uri.EscapeDataString(group)}", [], update, ct)
                .ConfigureAwait(false);
        }
    }

    /// <summary>Reports the shards held and returns the shards this consumer may hold.</summary>
    public async Task<IReadOnlyList<int>> HeartbeatAsync(string group, string consumer, IReadOnlyCollection<int> held, CancellationToken ct)
    {
        var body = JsonBody(held);
        using var r = await SendAsync("ConsumerGroupHeartBeat", HttpMethod.Post, $"/logstores/{Logstore}/consumergroups/{Uri.EscapeDataString(group)}",
            [new("type", "heartbeat"), new("consumer", consumer)], body, ct).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(r.Buffer.AsMemory(0, r.Length));
        var shards = new List<int>();
        foreach (var s in doc.RootElement.EnumerateArray())
        {
            shards.Add(s.GetInt32());
        }
        return shards;
    }

    /// <summary>Saves a shard's position; refused (ConsumerNotMatch) when the shard is no longer this consumer's.</summary>
    public async Task UpdateCheckpointAsync(string group, string consumer, int shard, string cursor, CancellationToken ct)
    {
        var body = JsonBody(new Dictionary<string, object> { ["shard"] = shard, ["checkpoint"] = cursor });
        using var r = await SendAsync("ConsumerGroupUpdateCheckPoint", HttpMethod.Post, $"/logstores/{Logstore}/consumergroups/{Uri.EscapeDataString(group)}",
            [new("type", "checkpoint"), new("consumer", consumer), new("forceSuccess", "false")], body, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ShardCheckpoint>> GetCheckpointsAsync(string group, CancellationToken ct)
    {
        using var r = await SendAsync("GetCheckPoint", HttpMethod.Get, $"/logstores/{Logstore}/consumergroups/{Uri.EscapeDataString(group)}", [], null, ct)
            .ConfigureAwait(false);
        using var doc = JsonDocument.Parse(r.Buffer.AsMemory(0, r.Length));
        var result = new List<ShardCheckpoint>();
        foreach (var c in doc.RootElement.EnumerateArray())
        {
            result.Add(new ShardCheckpoint(c.GetProperty("shard").GetInt32(), c.TryGetProperty("checkpoint", out var cp) ? cp.GetString() ?? "" : ""));
        }
        return result;
    }

    public void Dispose() => _http.Dispose();

    private static RequestBody JsonBody<T>(T value)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value);
        return new RequestBody(bytes, bytes.Length, Json, 0, null);
    }

    private async Task<LogHubResponse> SendAsync(
        string call, HttpMethod method, string path, KeyValuePair<string, string>[] query, RequestBody? body, CancellationToken ct, bool acceptLz4 = false)
    {
        var delay = new DoublingDelay(TransientRetryDelay, TimeSpan.FromSeconds(5));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(call, method, path, query, body, acceptLz4, ct).ConfigureAwait(false);
            }
            catch (LogHubException ex) when (ex.Kind == LogHubErrorKind.Transient && attempt < MaxTransientAttempts && !ct.IsCancellationRequested)
            {
                Log.Warn("LogHub {Call} to {Target} failed (attempt {Attempt} of {Max}); retrying in {Delay} ms: {Reason}",
                    call, this, attempt, MaxTransientAttempts, (int)delay.Current.TotalMilliseconds, ex.Message);
                await Task.Delay(delay.Current, ct).ConfigureAwait(false);
                delay.Advance();
            }
        }
    }

    private async Task<LogHubResponse> SendOnceAsync(
        string call, HttpMethod method, string path, KeyValuePair<string, string>[] query, RequestBody? body, bool acceptLz4, CancellationToken ct)
    {
        using var request = BuildRequest(method, path, query, body, acceptLz4);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new LogHubException($"LogHub {call} to {this} failed: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new LogHubException($"LogHub {call} to {this} timed out after {_http.Timeout.TotalSeconds:0} s", ex);
        }
        using (response)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in response.Headers)
            {
                headers[h.Key] = string.Join(",", h.Value);
            }
            var (buffer, length, pooled) = await ReadBodyAsync(call, response, ct).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return new LogHubResponse(headers, buffer, length, pooled);
            }
            try
            {
                throw ErrorOf(call, (int)response.StatusCode, buffer.AsSpan(0, length), headers.GetValueOrDefault("x-log-requestid") ?? "");
            }
            finally
            {
                if (pooled)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
    }

    private HttpRequestMessage BuildRequest(HttpMethod method, string path, KeyValuePair<string, string>[] query, RequestBody? body, bool acceptLz4)
    {
        var url = new StringBuilder(path);
        for (var i = 0; i < query.Length; i++)
        {
            url.Append(i == 0 ? '?' : '&').Append(query[i].Key).Append('=').Append(Uri.EscapeDataString(query[i].Value));
        }
        var request = new HttpRequestMessage(method, url.ToString());
        request.Headers.Host = _endpoint.HostHeader;
        var date = DateTime.UtcNow.ToString("r", CultureInfo.InvariantCulture);
        var logHeaders = new List<KeyValuePair<string, string>>(6)
        {
            new("x-log-apiversion", "0.6.0"),
            new("x-log-signaturemethod", "hmac-sha1"),
            new("x-log-bodyrawsize", (body?.RawSize ?? 0).ToString(CultureInfo.InvariantCulture)),
        };
        if (body?.CompressType is { } compressType)
        {
            logHeaders.Add(new("x-log-compresstype", compressType));
        }
        if (_credentials.SecurityToken is { } token)
        {
            logHeaders.Add(new("x-acs-security-token", token));
        }
        string? md5 = null;
        string? contentType = null;
        if (body is not null)
        {
#pragma warning disable CA5351 // Content-MD5 is a checksum the protocol requires, not a security measure.
            md5 = Convert.ToHexString(MD5.HashData(body.Bytes.AsSpan(0, body.Length)));
#pragma warning restore CA5351
            contentType = body.ContentType.MediaType;
            var content = new ByteArrayContent(body.Bytes, 0, body.Length);
            content.Headers.ContentType = body.ContentType;
            content.Headers.TryAddWithoutValidation("Content-MD5", md5);
            request.Content = content;
        }
        var toSign = LogHubSigner.StringToSign(method.Method, md5, contentType, date, logHeaders, path, query);
        var signature = LogHubSigner.Sign(_credentials.AccessKeySecret, toSign);
        request.Headers.TryAddWithoutValidation("Date", date);
        foreach (var (name, value) in logHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        request.Headers.TryAddWithoutValidation("Authorization", $"LOG {_credentials.AccessKeyId}:{signature}");
        request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
        if (acceptLz4)
        {
            request.Headers.TryAddWithoutValidation("Accept", "application/x-protobuf");
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "lz4");
        }
        return request;
    }

    private static async Task<(byte[] Buffer, int Length, bool Pooled)> ReadBodyAsync(string call, HttpResponseMessage response, CancellationToken ct)
    {
        var declared = response.Content.Headers.ContentLength;
        try
        {
            if (declared is { } size and > 0 and < int.MaxValue)
            {
                var buffer = ArrayPool<byte>.Shared.Rent((int)size);
                var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    var read = 0;
                    while (read < size)
                    {
                        var n = await stream.ReadAsync(buffer.AsMemory(read, (int)size - read), ct).ConfigureAwait(false);
                        if (n == 0)
                        {
                            ArrayPool<byte>.Shared.Return(buffer);
                            throw new LogHubException($"LogHub {call}: the answer ended after {read} of {size} bytes");
                        }
                        read += n;
                    }
                }
                return (buffer, (int)size, true);
            }
            var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            return (bytes, bytes.Length, false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new LogHubException($"LogHub {call}: reading the answer failed: {ex.Message}", ex);
        }
    }

    private static LogHubException ErrorOf(string call, int status, ReadOnlySpan<byte> body, string requestId)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (JsonDocument.TryParseValue(ref reader, out var doc))
            {
                using (doc)
                {
                    if (doc.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        var code = doc.RootElement.TryGetProperty("errorCode", out var c) ? c.GetString() ?? "" : "";
                        var message = doc.RootElement.TryGetProperty("errorMessage", out var m) ? m.GetString() ?? "" : "";
                        if (code.Length > 0)
                        {
                            return new LogHubException(call, status, code, message, requestId);
                        }
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: reported below with a short excerpt.
        }
        var excerpt = Encoding.UTF8.GetString(body[..Math.Min(body.Length, 200)]).ReplaceLineEndings(" ");
        return new LogHubException(call, status, "InvalidErrorResponse", $"unexpected answer: {excerpt}", requestId);
    }

    private sealed record RequestBody(byte[] Bytes, int Length, MediaTypeHeaderValue ContentType, int RawSize, string? CompressType);
}
