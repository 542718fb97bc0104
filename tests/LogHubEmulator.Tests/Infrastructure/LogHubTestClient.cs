using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FlumeNet.Tools.LogHubEmulator.Protobuf;

namespace FlumeNet.LogHubEmulator.Tests.Infrastructure;

/// <summary>A minimal signed LogHub HTTP client for the tests (its own signer; raw HttpClient underneath).</summary>
public sealed class LogHubTestClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _baseUri;
    private readonly TimeProvider _clock;

    public LogHubTestClient(Uri baseUri, TimeProvider clock, string keyId, string secret)
    {
        _baseUri = baseUri;
        _clock = clock;
        KeyId = keyId;
        Secret = secret;
        _http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None, UseProxy = false });
    }

    public string KeyId { get; set; }

    public string Secret { get; set; }

    /// <summary>Host header to send (e.g. <c>proj1.localhost:1234</c>); null sends the default <c>127.0.0.1:PORT</c>.</summary>
    public string? Host { get; set; }

    public string SignatureMethod { get; set; } = "hmac-sha1";

    /// <summary>Added to the clock for the Date header (skew tests).</summary>
    public TimeSpan DateOffset { get; set; }

    public void Dispose() => _http.Dispose();

    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string pathAndQuery,
        byte[]? body = null,
        string? contentType = null,
        IEnumerable<KeyValuePair<string, string>>? extraHeaders = null,
        Action<HttpRequestMessage>? tweak = null)
    {
        var question = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? pathAndQuery : pathAndQuery[..question];
        var query = question < 0 ? [] : TestSigner.DecodeQuery(pathAndQuery[(question + 1)..]);
        var date = (_clock.GetUtcNow() + DateOffset).ToString("r", CultureInfo.InvariantCulture);

        var headers = new List<KeyValuePair<string, string>>
        {
            new("x-log-apiversion", "0.6.0"),
            new("x-log-signaturemethod", SignatureMethod),
            new("x-log-bodyrawsize", (body?.Length ?? 0).ToString(CultureInfo.InvariantCulture)),
        };
        foreach (var header in extraHeaders ?? [])
        {
            headers.RemoveAll(h => h.Key == header.Key);
            headers.Add(header);
        }

        var md5 = body is { Length: > 0 } ? Convert.ToHexString(MD5.HashData(body)) : string.Empty;
        var signed = headers.Where(h => (h.Key.StartsWith("x-log-", StringComparison.Ordinal) && h.Key != "x-log-date") || h.Key.StartsWith("x-acs-", StringComparison.Ordinal));
        var stringToSign = TestSigner.StringToSign(method.Method, md5, contentType ?? string.Empty, date, signed, path, query);
        var signature = TestSigner.Sign(Secret, SignatureMethod, stringToSign);

        using var request = new HttpRequestMessage(method, new Uri(_baseUri, pathAndQuery));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            if (md5.Length > 0)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-MD5", md5);
            }
        }

        request.Headers.TryAddWithoutValidation("Date", date);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.TryAddWithoutValidation("Authorization", $"LOG {KeyId}:{signature}");
        if (Host is not null)
        {
            request.Headers.Host = Host;
        }

        tweak?.Invoke(request);
        return await _http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery) => SendAsync(HttpMethod.Get, pathAndQuery);

    public Task<HttpResponseMessage> PostJsonAsync(string pathAndQuery, string json) =>
        SendAsync(HttpMethod.Post, pathAndQuery, Encoding.UTF8.GetBytes(json), "application/json");

    public Task<HttpResponseMessage> PutJsonAsync(string pathAndQuery, string json) =>
        SendAsync(HttpMethod.Put, pathAndQuery, Encoding.UTF8.GetBytes(json), "application/json");

    /// <summary>PutLogs of one LogGroup, compressed with <paramref name="compression"/> (lz4, deflate or null).</summary>
    public Task<HttpResponseMessage> PutLogsAsync(
        string logstore, LogGroupRecord group, string? compression = null, string target = "/shards/lb", string? compressTypeHeader = null)
    {
        var raw = LogGroupSerializer.SerializeGroup(group);
        var headers = new List<KeyValuePair<string, string>> { new("x-log-bodyrawsize", raw.Length.ToString(CultureInfo.InvariantCulture)) };
        if ((compressTypeHeader ?? compression) is { } type)
        {
            headers.Add(new("x-log-compresstype", type));
        }

        return SendAsync(HttpMethod.Post, $"/logstores/{logstore}{target}", TestCompression.Compress(compression, raw), "application/x-protobuf", headers);
    }

    public async Task<string> CursorAsync(string logstore, int shard, string from)
    {
        using var response = await GetAsync($"/logstores/{logstore}/shards/{shard}?type=cursor&from={from}");
        var json = await LogHubAssert.OkJsonAsync(response);
        return json.GetProperty("cursor").GetString()!;
    }

    public async Task<PullResponse> PullAsync(string logstore, int shard, string cursor, int count = 1000, string? acceptEncoding = "lz4", string? endCursor = null, string? spl = null)
    {
        var query = $"type=log&cursor={Uri.EscapeDataString(cursor)}&count={count}";
        if (spl is not null)
        {
            query += $"&pullMode=scan_on_stream&query={Uri.EscapeDataString(spl)}";
        }

        if (endCursor is not null)
        {
            query += $"&end_cursor={Uri.EscapeDataString(endCursor)}";
        }

        using var response = await SendAsync(HttpMethod.Get, $"/logstores/{logstore}/shards/{shard}?{query}", tweak: request =>
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-protobuf"));
            if (acceptEncoding is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
            }
        });
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"PullLogs failed: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        }

        string Header(string name) => response.Headers.TryGetValues(name, out var values) ? values.Single() : string.Empty;
        var compressType = Header("x-log-compresstype");
        var rawSize = int.Parse(Header("x-log-bodyrawsize"), CultureInfo.InvariantCulture);
        var raw = TestCompression.Decompress(compressType.Length == 0 ? null : compressType, body, rawSize);
        return new PullResponse(
            LogGroupParser.ParseGroupList(raw),
            Header("x-log-cursor"),
            int.Parse(Header("x-log-count"), CultureInfo.InvariantCulture),
            rawSize,
            compressType,
            Header("x-log-end-of-cursor"),
            response.Content.Headers.ContentType?.ToString() ?? string.Empty,
            body.Length,
            Header("x-log-rawdatacount"),
            Header("x-log-rawdatasize"));
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}

/// <summary>A decoded PullLogs answer with its headers.</summary>
public sealed record PullResponse(
    IReadOnlyList<LogGroupRecord> Groups, string NextCursor, int Count, int RawSize, string CompressType, string EndOfCursor, string ContentType, int BodyLength,
    string RawDataCount = "", string RawDataSize = "");
