using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using FlumeNet.Agent.Core;
using NLog;

namespace FlumeNet.Agent.Hdfs.FileSystems;

/// <summary>
/// A Hadoop cluster over WebHDFS's REST API (reference hdfs-sink.md §6): CREATE and APPEND in two steps (the NameNode
/// redirects to a DataNode; the redirect is followed by hand, never with a body sent to the NameNode), RENAME,
/// GETFILESTATUS, LISTSTATUS, OPEN, TRUNCATE, DELETE. HttpFS gateways work too (their redirect adds <c>data=true</c>,
/// and data is always sent as <c>application/octet-stream</c>). CREATE never overwrites and sends Hadoop's
/// permission, replication, block size and buffer size. Lease conflicts, safe mode and 5xx answers are retried with a
/// doubling pause within <see cref="WebHdfsSettings.CallTimeout"/>; a StandbyException or a refused connection fails
/// over to the next NameNode with Hadoop's failover policy. Synchronous; safe for use from several threads.
/// </summary>
public sealed class WebHdfsFileSystem : IHdfsFileSystem, IDisposable
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly MediaTypeHeaderValue OctetStream = new("application/octet-stream");
    private readonly HttpClient _http;
    private readonly WebHdfsSettings _settings;
    private readonly Security.DelegationTokenSession? _tokens;
    // Never disposed: a request on another thread may still link to it after the sink stopped.
    private readonly CancellationTokenSource _interrupted = new();
    private int _active;

    public WebHdfsFileSystem(WebHdfsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.NameNodes.Count == 0)
        {
            throw new ArgumentException("at least one NameNode address is needed", nameof(settings));
        }
        _settings = settings;
        _tokens = settings.Kerberos is { } login ? new Security.DelegationTokenSession(this, login) : null;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            UseCookies = false,
            UseProxy = false,
            SslOptions = TlsOptions(settings),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    // HTTPS NameNodes and DataNodes: the host name is checked as always; with a trust file, the chain must end at one
    // of its CAs instead of the system's.
    private static SslClientAuthenticationOptions TlsOptions(WebHdfsSettings settings)
    {
        var options = new SslClientAuthenticationOptions();
        if (settings.TrustedCertificates is { Count: > 0 } trusted)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(trusted);
            options.CertificateChainPolicy = policy;
        }
        return options;
    }

    public string Description => $"webhdfs via {_settings.NameNodes[_active].GetLeftPart(UriPartial.Authority)}";

    public WebHdfsSettings Settings => _settings;

    public Stream Create(string path)
    {
        var attempts = 0;
        try
        {
            Retrying("CREATE", path, deadline =>
            {
                attempts++;
                Upload(HttpMethod.Put, "CREATE", path, "&overwrite=false" + _settings.Create.Query(), ReadOnlyMemory<byte>.Empty, deadline, HttpStatusCode.Created);
                return true;
            });
        }
        catch (WebHdfsException ex) when (ex.IsAlreadyExists)
        {
            // A retry that finds an empty file finds the one its own earlier attempt made (the answer was lost); the
            // sink's in-use names carry its identity, so no other writer makes that name.
            if (attempts > 1 && Status(path) is { IsDirectory: false, Length: 0 })
            {
                return new WebHdfsOutputStream(this, path);
            }
            throw new HdfsFileExistsException(ex.Message, ex);
        }
        return new WebHdfsOutputStream(this, path);
    }

    public bool Exists(string path) => Status(path) is not null;

    public HdfsFileStatus? Status(string path)
    {
        var answer = Retrying("GETFILESTATUS", path, deadline => Call(HttpMethod.Get, "GETFILESTATUS", path, "", deadline, HttpStatusCode.OK, HttpStatusCode.NotFound));
        if (answer is null)
        {
            return null;
        }
        using var doc = JsonDocument.Parse(answer);
        var status = StatusOf(doc.RootElement.GetProperty("FileStatus"));
        var trimmed = path.TrimEnd('/');
        return status with { Name = trimmed[(trimmed.LastIndexOf('/') + 1)..] };
    }

    public bool Rename(string from, string to)
    {
        var answer = Retrying("RENAME", from, deadline =>
            Call(HttpMethod.Put, "RENAME", from, "&destination=" + EscapePath(to), deadline, HttpStatusCode.OK));
        return BooleanOf(answer);
    }

    public IReadOnlyList<string> ListFiles(string directory)
    {
        var names = new List<string>();
        foreach (var entry in List(directory))
        {
            if (!entry.IsDirectory)
            {
                names.Add(entry.Name);
            }
        }
        return names;
    }

    public IReadOnlyList<HdfsFileStatus> List(string directory)
    {
        var answer = Retrying("LISTSTATUS", directory, deadline => Call(HttpMethod.Get, "LISTSTATUS", directory, "", deadline, HttpStatusCode.OK, HttpStatusCode.NotFound));
        if (answer is null)
        {
            return [];
        }
        using var doc = JsonDocument.Parse(answer);
        var entries = new List<HdfsFileStatus>();
        foreach (var status in doc.RootElement.GetProperty("FileStatuses").GetProperty("FileStatus").EnumerateArray())
        {
            entries.Add(StatusOf(status));
        }
        return entries;
    }

    public Stream OpenRead(string path)
    {
        var body = Retrying("OPEN", path, deadline =>
        {
            var (status, nnBody, location) = OnNameNode(HttpMethod.Get, "OPEN", path, "", deadline);
            if (status == HttpStatusCode.OK && location is null)
            {
                return nnBody;
            }
            if (status is not (HttpStatusCode.TemporaryRedirect or HttpStatusCode.Redirect or HttpStatusCode.SeeOther) || location is null)
            {
                throw WebHdfsException.FromResponse("OPEN", path, (int)status, nnBody);
            }
            using var request = new HttpRequestMessage(HttpMethod.Get, location);
            var (dataStatus, data, _) = Send(request, "OPEN", path, deadline);
            return dataStatus == HttpStatusCode.OK ? data : throw WebHdfsException.FromResponse("OPEN", path, (int)dataStatus, data);
        });
        return new MemoryStream(body, writable: false);
    }

    public void Truncate(string path, long length) => Retrying("TRUNCATE", path, deadline =>
    {
        TruncateAndWait(path, length, deadline);
        return true;
    });

    public bool Delete(string path) =>
        BooleanOf(Retrying("DELETE", path, deadline => Call(HttpMethod.Delete, "DELETE", path, "", deadline, HttpStatusCode.OK)));

    /// <summary>The file's length, or null when it does not exist.</summary>
    public long? Length(string path) => Status(path)?.Length;

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// The sink stops and its drain limit has passed: the request in progress is cancelled, pauses end, and every
    /// call from now on fails at once instead of retrying, so a stop with the NameNode down is bounded.
    /// </summary>
    public void Interrupt() => _interrupted.Cancel();

    private bool Interrupted => _interrupted.IsCancellationRequested;

    private void ThrowIfInterrupted(string operation, string path)
    {
        if (Interrupted)
        {
            throw new WebHdfsException($"WebHDFS {operation} {path} was given up: the sink stops and its drain limit has passed");
        }
    }

    // Thread.Sleep that an interrupt ends early.
    private void Pause(TimeSpan pause, string operation, string path)
    {
        _interrupted.Token.WaitHandle.WaitOne(pause);
        ThrowIfInterrupted(operation, path);
    }

    /// <summary>One APPEND of <paramref name="data"/>. A failure may have left part of it in the file; the stream repairs that.</summary>
    internal void Append(string path, ReadOnlyMemory<byte> data, DateTime deadline) =>
        Upload(HttpMethod.Post, "APPEND", path, "&buffersize=" + _settings.Create.BufferSize.ToString(CultureInfo.InvariantCulture), data, deadline, HttpStatusCode.OK);

    /// <summary>
    /// One TRUNCATE to <paramref name="length"/> that counts only when HDFS answers true. TRUNCATE needs the file's
    /// lease, so it fails (retriably) while an earlier upload is still being closed; <c>false</c> means the last block
    /// is recovered in the background, and the next TRUNCATE fails with RecoveryInProgressException until that is
    /// done and then answers true: a retriable failure is thrown so the caller's retry loop waits.
    /// </summary>
    internal void TruncateAndWait(string path, long length, DateTime deadline)
    {
        var answer = Call(HttpMethod.Post, "TRUNCATE", path, "&newlength=" + length.ToString(CultureInfo.InvariantCulture), deadline, HttpStatusCode.OK);
        if (!BooleanOf(answer))
        {
            throw new WebHdfsException($"WebHDFS TRUNCATE {path} to {length}: HDFS recovers the last block in the background; waiting until it is done");
        }
    }

    internal DateTime Deadline() => DateTime.UtcNow + _settings.CallTimeout;

    /// <summary>
    /// Runs an operation, retrying what is worth retrying until the call timeout passes: lease conflicts, recovery,
    /// safe mode and 5xx with a doubling pause; a standby or unreachable NameNode fails over with Hadoop's policy
    /// (<see cref="WebHdfsSettings.MaxFailovers"/> failovers, the first at once, then exponential pauses with jitter).
    /// </summary>
    internal T Retrying<T>(string operation, string path, Func<DateTime, T> call)
    {
        var deadline = Deadline();
        var pause = new DoublingDelay(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
        var failovers = 0;
        string? lastCause = null;
        for (var attempt = 1; ; attempt++)
        {
            ThrowIfInterrupted(operation, path);
            try
            {
                return call(deadline);
            }
            catch (WebHdfsException ex) when (!Interrupted && ex.IsFailover && failovers < _settings.MaxFailovers && DateTime.UtcNow + FailoverSleep(failovers) < deadline)
            {
                var sleep = FailoverSleep(failovers++);
                LogRetry(ref lastCause, ex, operation, path, attempt, sleep);
                Pause(sleep, operation, path);
            }
            catch (WebHdfsException ex) when (!Interrupted && ex.IsRetriable && !ex.IsFailover && DateTime.UtcNow + pause.Current < deadline)
            {
                LogRetry(ref lastCause, ex, operation, path, attempt, pause.Current);
                Pause(pause.Current, operation, path);
                pause.Advance();
            }
        }
    }

    // One WARN per change of cause, DEBUG for the repeats.
    private static void LogRetry(ref string? lastCause, WebHdfsException ex, string operation, string path, int attempt, TimeSpan pause)
    {
        var cause = ex.RemoteClass.Length > 0 ? ex.RemoteClass : ex.Status.ToString(CultureInfo.InvariantCulture);
        var level = cause == lastCause ? LogLevel.Debug : LogLevel.Warn;
        lastCause = cause;
        Log.Log(level, "WebHDFS {Operation} {Path} failed (attempt {Attempt}), retrying in {Pause} ms: {Reason}", operation, path, attempt, (int)pause.TotalMilliseconds, ex.Message);
    }

    // Hadoop's RetryPolicies.failoverOnNetworkException: no pause before the first failover, then
    // min(base × 2^n, max) × a random factor in [0.5, 1.5).
    private TimeSpan FailoverSleep(int failovers)
    {
        if (failovers == 0)
        {
            return TimeSpan.Zero;
        }
        var capped = Math.Min(_settings.FailoverSleepBase.TotalMilliseconds * Math.Pow(2, failovers - 1), _settings.FailoverSleepMax.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + Random.Shared.NextDouble()));
    }

    private static HdfsFileStatus StatusOf(JsonElement status) => new(
        status.TryGetProperty("pathSuffix", out var suffix) ? suffix.GetString() ?? "" : "",
        status.TryGetProperty("type", out var type) && type.GetString() == "DIRECTORY",
        status.TryGetProperty("length", out var length) ? length.GetInt64() : 0,
        status.TryGetProperty("modificationTime", out var modified) ? modified.GetInt64() : 0);

    private static bool BooleanOf(byte[]? answer)
    {
        if (answer is null)
        {
            return false;
        }
        using var doc = JsonDocument.Parse(answer);
        return doc.RootElement.GetProperty("boolean").GetBoolean();
    }

    /// <summary>A NameNode-only operation; returns the body, or null for an accepted "not found".</summary>
    private byte[]? Call(HttpMethod method, string op, string path, string extra, DateTime deadline, params HttpStatusCode[] accepted)
    {
        var (status, body, _) = OnNameNode(method, op, path, extra, deadline);
        if (status == HttpStatusCode.NotFound && Array.IndexOf(accepted, HttpStatusCode.NotFound) >= 0)
        {
            return null;
        }
        if (Array.IndexOf(accepted, status) < 0)
        {
            throw WebHdfsException.FromResponse(op, path, (int)status, body);
        }
        return body;
    }

    /// <summary>CREATE or APPEND: ask the NameNode (no body), then send the data where it redirects.</summary>
    private void Upload(HttpMethod method, string op, string path, string extra, ReadOnlyMemory<byte> data, DateTime deadline, HttpStatusCode success)
    {
        var (status, body, location) = OnNameNode(method, op, path, extra, deadline);
        if (status == success && location is null)
        {
            // A server that took the (empty) request itself: only acceptable when there was nothing to send.
            if (data.IsEmpty)
            {
                return;
            }
            throw new WebHdfsException($"WebHDFS {op} {path}: the NameNode answered {(int)status} without redirecting to a DataNode");
        }
        if (status is not (HttpStatusCode.TemporaryRedirect or HttpStatusCode.Redirect or HttpStatusCode.SeeOther) || location is null)
        {
            throw WebHdfsException.FromResponse(op, path, (int)status, body);
        }
        using var request = new HttpRequestMessage(method, location);
        var content = new ReadOnlyMemoryContent(data);
        content.Headers.ContentType = OctetStream;
        request.Content = content;
        var (dataStatus, dataBody, _) = Send(request, op, path, deadline);
        if (dataStatus != success)
        {
            throw WebHdfsException.FromResponse(op, path, (int)dataStatus, dataBody);
        }
    }

    /// <summary>One request to the active NameNode; a standby or unreachable one is replaced by the next before the failure is thrown.</summary>
    private (HttpStatusCode Status, byte[] Body, Uri? Location) OnNameNode(HttpMethod method, string op, string path, string extra, DateTime deadline)
    {
        var index = Volatile.Read(ref _active);
        var nameNode = _settings.NameNodes[index];
        try
        {
            var result = _tokens is null ? SendTo(nameNode, method, op, path, extra, null, deadline) : _tokens.Send(nameNode, method, op, path, extra, deadline);
            if (result.Status == HttpStatusCode.Forbidden && WebHdfsException.FromResponse(op, path, 403, result.Body) is { IsStandby: true } standby)
            {
                throw standby;
            }
            return result;
        }
        catch (WebHdfsException ex) when (ex.IsStandby || IsConnectFailure(ex))
        {
            var next = (index + 1) % _settings.NameNodes.Count;
            if (next != index && Interlocked.CompareExchange(ref _active, next, index) == index)
            {
                Log.Warn("WebHDFS NameNode {NameNode} is not usable ({Reason}); failing over to {Next}", nameNode.Authority, ex.Message, _settings.NameNodes[next].Authority);
            }
            throw ex.AsFailover();
        }
    }

    /// <summary>One NameNode request with <paramref name="auth"/> (delegation= or an Authorization header) or, without, user.name.</summary>
    internal (HttpStatusCode Status, byte[] Body, Uri? Location) SendTo(Uri nameNode, HttpMethod method, string op, string path, string extra, Security.WebHdfsAuth? auth, DateTime deadline)
    {
        using var request = new HttpRequestMessage(method, Url(nameNode, op, path, extra + (auth?.Delegation is { } token ? "&delegation=" + token : string.Empty)));
        if (auth?.Authorization is { } header)
        {
            request.Headers.TryAddWithoutValidation("Authorization", header);
        }
        return Send(request, op, path, deadline);
    }

    private (HttpStatusCode Status, byte[] Body, Uri? Location) Send(HttpRequestMessage request, string op, string path, DateTime deadline)
    {
        if (_settings.CsrfHeader is { } csrf && request.Method != HttpMethod.Get)
        {
            request.Headers.TryAddWithoutValidation(csrf, "true");
        }
        var remaining = deadline - DateTime.UtcNow;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_interrupted.Token);
        timeout.CancelAfter(remaining > TimeSpan.FromMilliseconds(100) ? remaining : TimeSpan.FromMilliseconds(100));
        try
        {
            using var response = _http.Send(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            using var stream = response.Content.ReadAsStream(timeout.Token);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var location = response.Headers.Location;
            if (location is not null && !location.IsAbsoluteUri)
            {
                location = new Uri(request.RequestUri!, location);
            }
            return (response.StatusCode, copy.ToArray(), location);
        }
        catch (OperationCanceledException ex) when (Interrupted)
        {
            throw new WebHdfsException($"WebHDFS {op} {path} was given up: the sink stops and its drain limit has passed", ex);
        }
        catch (OperationCanceledException ex)
        {
            throw new WebHdfsException($"WebHDFS {op} {path} timed out (hdfs.callTimeout {_settings.CallTimeout.TotalMilliseconds:0} ms)", ex);
        }
        catch (HttpRequestException ex) when (ex.InnerException is System.Security.Authentication.AuthenticationException tls)
        {
            throw new WebHdfsException($"WebHDFS {op} {path} to {request.RequestUri!.Authority}: TLS failed: {tls.Message} " +
                $"(for a cluster CA, put its certificate as PEM in the file {HadoopTrustStore.LocationKey} of ssl-client.xml names)", ex) { IsUntrusted = true };
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException and not WebHdfsException)
        {
            throw new WebHdfsException($"WebHDFS {op} {path} to {request.RequestUri!.Authority} failed: {ex.Message}", ex);
        }
    }

    private static bool IsConnectFailure(WebHdfsException ex) =>
        ex.InnerException is HttpRequestException { InnerException: SocketException } || ex.InnerException is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError };

    private Uri Url(Uri nameNode, string op, string path, string extra)
    {
        var url = new StringBuilder(nameNode.GetLeftPart(UriPartial.Authority)).Append("/webhdfs/v1").Append(EscapePath(path))
            .Append("?op=").Append(op).Append("&user.name=").Append(Uri.EscapeDataString(_settings.User));
        if (_settings.ProxyUser is { Length: > 0 } doAs)
        {
            url.Append("&doas=").Append(Uri.EscapeDataString(doAs));
        }
        return new Uri(url.Append(extra).ToString());
    }

    private static string EscapePath(string path)
    {
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = Uri.EscapeDataString(segments[i]);
        }
        var joined = string.Join('/', segments);
        return joined.StartsWith('/') ? joined : "/" + joined;
    }
}
