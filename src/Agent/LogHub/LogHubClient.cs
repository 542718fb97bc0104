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
public sealed partial class LogHubClient : IDisposable
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly MediaTypeHeaderValue Protobuf = new("application/x-protobuf");
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly LogHubEndpoint _endpoint;
    private readonly LogHubCredentials _credentials;
    private readonly string _userAgent;
    private readonly string[] _confidential;

    public LogHubClient(LogHubEndpoint endpoint, string logstore, LogHubCredentials credentials, string userAgent = "flumenet-loghub")
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credentials);
        _endpoint = endpoint;
        Logstore = logstore;
        _credentials = credentials;
        _userAgent = userAgent;
        _confidential = credentials.SecurityToken is { } token ? [token, credentials.AccessKeySecret] : [credentials.AccessKeySecret];
        Display = LogHubDisplay.Of(endpoint, logstore);
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
            // Each call has its own deadline that covers the body too (RequestTimeout); HttpClient's stops at the headers.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    public string Logstore { get; }

    /// <summary>Attempts per call for network failures and 5xx answers.</summary>
    public int MaxTransientAttempts { get; init; } = 4;

    /// <summary>First pause between transient retries; doubles up to 5 s.</summary>
    public TimeSpan TransientRetryDelay { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Longest time one attempt may take, answer body included (the official SDKs use 60 s).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How logs name this client: the address connected to, the project and the logstore (callers mask confidential parts).</summary>
    public string Display { get; init; }

    public override string ToString() => Display;

    public async Task<IReadOnlyList<ShardInfo>> ListShardsAsync(CancellationToken ct)
    {
        using var r = await SendAsync("ListShards", HttpMethod.Get, $"/logstores/{Logstore}/shards", [], null, ct).ConfigureAwait(false);
        using var doc = ParseJson("ListShards", r);
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
        using var doc = ParseJson("GetCursor", r);
        return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("cursor", out var c) && c.GetString() is { Length: > 0 } cursor
            ? cursor
            : throw new LogHubException("GetCursor", 200, "InvalidResponse", "the answer holds no cursor", r.Header("x-log-requestid") ?? "");
    }

    /// <summary>
    /// Up to <paramref name="count"/> log groups from a cursor, LZ4-compressed on the wire. An <paramref name="spl"/>
    /// filter is applied by the service while reading: sent as <c>query</c> with <c>pullMode=scan_on_stream</c>, as
    /// Alibaba's SDKs send it; the cursor then also moves past log groups it filtered out.
    /// </summary>
    public async Task<PulledLogs> PullLogsAsync(int shard, string cursor, int count, CancellationToken ct, string? spl = null)
    {
        KeyValuePair<string, string>[] query = string.IsNullOrWhiteSpace(spl)
            ?
            [
                new("type", "log"),
                new("cursor", cursor),
                new("count", count.ToString(CultureInfo.InvariantCulture)),
            ]
            :
            [
                new("type", "log"),
                new("cursor", cursor),
                new("count", count.ToString(CultureInfo.InvariantCulture)),
                new("pullMode", "scan_on_stream"),
                new("query", spl),
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
            // What the service read before an SPL query filtered it (the SDKs read -1 when absent).
            var readGroups = int.TryParse(r.Header("x-log-rawdatacount"), NumberStyles.None, CultureInfo.InvariantCulture, out var rc) ? rc : -1;
            var readBytes = long.TryParse(r.Header("x-log-rawdatasize"), NumberStyles.None, CultureInfo.InvariantCulture, out var rs) ? rs : -1;
            var body = LogHubCompression.Decompress("PullLogs", r.Header("x-log-compresstype"), r.Body, rawSize);
            return new PulledLogs(body.Buffer, body.Length, next, groups, cursor, readGroups, readBytes);
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

    /// <summary>
    /// As Alibaba's consumer library: lists the groups, creates the group only when missing, and updates it only when
    /// its timeout or order differ. A refused update of an existing group is reported, not thrown: the group is usable.
    /// </summary>
    public async Task<ConsumerGroupSetup> EnsureConsumerGroupAsync(string group, int timeoutSeconds, bool inOrder, CancellationToken ct)
    {
        var existing = await FindConsumerGroupAsync(group, ct).ConfigureAwait(false);
        if (existing is null)
        {
            var create = JsonBody(new Dictionary<string, object> { ["consumerGroup"] = group, ["timeout"] = timeoutSeconds, ["order"] = inOrder });
            try
            {
                using var r = await SendAsync("CreateConsumerGroup", HttpMethod.Post, $"/logstores/{Logstore}/consumergroups", [], create, ct).ConfigureAwait(false);
                return new ConsumerGroupSetup(ConsumerGroupChange.Created, null);
            }
            catch (LogHubException ex) when (ex.ErrorCode == "ConsumerGroupAlreadyExist")
            {
                // Another consumer created it between the list and the create.
                existing = await FindConsumerGroupAsync(group, ct).ConfigureAwait(false);
                if (existing is null)
                {
                    return new ConsumerGroupSetup(ConsumerGroupChange.Unchanged, null);
                }
            }
        }
        if (existing.TimeoutSeconds == timeoutSeconds && existing.InOrder == inOrder)
        {
            return new ConsumerGroupSetup(ConsumerGroupChange.Unchanged, null);
        }
        var update = JsonBody(new Dictionary<string, object> { ["timeout"] = timeoutSeconds, ["order"] = inOrder });
        try
        {
            using var r = await SendAsync("UpdateConsumerGroup", HttpMethod.Put, $"/logstores/{Logstore}/consumergroups/{Uri.EscapeDataString(group)}", [], update, ct)
                .ConfigureAwait(false);
            return new ConsumerGroupSetup(ConsumerGroupChange.Updated, null);
        }
        catch (LogHubException ex) when (ex.Status is 401 or 403 && ex.Kind != LogHubErrorKind.Throttled)
        {
            return new ConsumerGroupSetup(ConsumerGroupChange.UpdateRefused, ex) { Existing = existing };
        }
    }

    /// <summary>ListConsumerGroup: the logstore's groups with their timeout and order.</summary>
    public async Task<IReadOnlyList<ConsumerGroupInfo>> ListConsumerGroupsAsync(CancellationToken ct)
    {
        using var r = await SendAsync("ListConsumerGroup", HttpMethod.Get, $"/logstores/{Logstore}/consumergroups", [], null, ct).ConfigureAwait(false);
        var result = new List<ConsumerGroupInfo>();
        using var doc = ParseJson("ListConsumerGroup", r);
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
        {
            return result;
        }
        foreach (var g in doc.RootElement.EnumerateArray())
        {
            // The service answers "name" (the Java SDK reads that key); "consumerGroup" is accepted as well.
            if (g.ValueKind == JsonValueKind.Object && (g.TryGetProperty("name", out var name) || g.TryGetProperty("consumerGroup", out name)) && name.GetString() is { } n)
            {
                result.Add(new ConsumerGroupInfo(
                    n,
                    g.TryGetProperty("timeout", out var t) && t.TryGetInt32(out var seconds) ? seconds : 0,
                    g.TryGetProperty("order", out var o) && o.ValueKind == JsonValueKind.True));
            }
        }
        return result;
    }

    private async Task<ConsumerGroupInfo?> FindConsumerGroupAsync(string group, CancellationToken ct)
    {
        foreach (var g in await ListConsumerGroupsAsync(ct).ConfigureAwait(false))
        {
            if (g.Name == group)
            {
                return g;
            }
        }
        return null;
    }

    /// <summary>Reports the shards held and returns the shards this consumer may hold.</summary>
    public async Task<IReadOnlyList<int>> HeartbeatAsync(string group, string consumer, IReadOnlyCollection<int> held, CancellationToken ct)
    {
        var body = JsonBody(held, LogHubJsonContext.Default.IReadOnlyCollectionInt32);
        using var r = await SendAsync("ConsumerGroupHeartBeat", HttpMethod.Post, $"/logstores/{Logstore}/consumergroups/{Uri.EscapeDataString(group)}",
            [new("type", "heartbeat"), new("consumer", consumer)], body, ct).ConfigureAwait(false);
        var shards = new List<int>();
        // An empty or null answer means no shards, as in the Java library.
        if (r.Length == 0)
        {
            return shards;
        }
        using var doc = ParseJson("ConsumerGroupHeartBeat", r);
        if (doc.RootElement.ValueKind == JsonValueKind.Array)
        {
            foreach (var s in doc.RootElement.EnumerateArray())
            {
                if (s.TryGetInt32(out var id))
                {
                    shards.Add(id);
                }
            }
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
        using var doc = ParseJson("GetCheckPoint", r);
        var result = new List<ShardCheckpoint>();
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
        {
            return result;
        }
        foreach (var c in doc.RootElement.EnumerateArray())
        {
            result.Add(new ShardCheckpoint(c.GetProperty("shard").GetInt32(), c.TryGetProperty("checkpoint", out var cp) ? cp.GetString() ?? "" : ""));
        }
        return result;
    }

    public void Dispose() => _http.Dispose();

    private static RequestBody JsonBody(Dictionary<string, object> value) => JsonBody(value, LogHubJsonContext.Default.DictionaryStringObject);

    private static RequestBody JsonBody<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, type);
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
                // Debug only: the caller logs once per change of cause when the call finally fails.
                Log.Debug("LogHub {Call} to {Target} failed (attempt {Attempt} of {Max}); retrying in {Delay} ms: {Reason}",
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
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new LogHubException($"LogHub {call} to {this} failed: {Redact(ex.Message)}", ex);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw TimedOut(call, ex);
        }
        using (response)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in response.Headers)
            {
                headers[h.Key] = string.Join(",", h.Value);
            }
            (byte[] buffer, int length, bool pooled) read;
            try
            {
                read = await ReadBodyAsync(call, response, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
            {
                throw TimedOut(call, ex);
            }
            var (buffer, length, pooled) = read;
            if (response.IsSuccessStatusCode)
            {
                return new LogHubResponse(headers, buffer, length, pooled);
            }
            try
            {
                throw ErrorOf(call, (int)response.StatusCode, buffer.AsSpan(0, length), headers.GetValueOrDefault("x-log-requestid") ?? "", Redact);
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

    private LogHubException TimedOut(string call, Exception inner) =>
        new($"LogHub {call} to {this} got no complete answer within {RequestTimeout.TotalSeconds:0.#} s", inner);

    private static JsonDocument ParseJson(string call, LogHubResponse r)
    {
        try
        {
            return JsonDocument.Parse(r.Buffer.AsMemory(0, r.Length));
        }
        catch (JsonException ex)
        {
            throw new LogHubException(call, 200, "InvalidResponse", $"the answer is not JSON: {ex.Message}", r.Header("x-log-requestid") ?? "");
        }
    }

    /// <summary>
    /// Masks what must never be shown in a server's text: the STS token and the secret wherever they appear, and the
    /// value of any echoed security-token header (a SignatureNotMatch message quotes the string the server signed).
    /// </summary>
    internal string Redact(string text)
    {
        foreach (var value in _confidential)
        {
            if (value.Length > 0)
            {
                text = text.Replace(value, "***", StringComparison.Ordinal);
            }
        }
        return SignedTokenHeader().Replace(text, "$1***");
    }

    private static LogHubException ErrorOf(string call, int status, ReadOnlySpan<byte> body, string requestId, Func<string, string> redact)
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
                            return new LogHubException(call, status, code, redact(message), requestId);
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
        return new LogHubException(call, status, "InvalidErrorResponse", $"unexpected answer: {redact(excerpt)}", requestId);
    }

    // Header name, then anything up to the end of its line as the server may quote it (newline, an escaped \n, a quote).
    [System.Text.RegularExpressions.GeneratedRegex(@"(x-acs-security-token\s*:\s*)(?:(?!\\n)[^\n""'])*", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex SignedTokenHeader();

    private sealed record RequestBody(byte[] Bytes, int Length, MediaTypeHeaderValue ContentType, int RawSize, string? CompressType);
}
