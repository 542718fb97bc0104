using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FlumeNet.Tools.WebHdfsEmulator;

namespace FlumeNet.WebHdfsEmulator.Tests.Infrastructure;

/// <summary>
/// Starts one in-process emulator over a fresh folder per test, with an HttpClient that never follows redirects,
/// and offers the raw two-step WebHDFS calls the tests build on.
/// </summary>
public abstract class EmulatorTestBase : IAsyncLifetime, IDisposable
{
    public const string User = "tester";

    private readonly TempDirectory _root = new();
    private WebHdfsEmulatorServer? _server;

    protected WebHdfsEmulatorServer Server => _server ?? throw new InvalidOperationException("not started");

    protected HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = TimeSpan.FromSeconds(15),
    };

    public virtual async Task InitializeAsync() =>
        _server = await WebHdfsEmulatorServer.StartAsync(Configure(new WebHdfsEmulatorOptions { RootDirectory = _root.Path }));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public void Dispose()
    {
        Http.Dispose();
        _root.Dispose();
        GC.SuppressFinalize(this);
    }

    protected virtual WebHdfsEmulatorOptions Configure(WebHdfsEmulatorOptions options) => options;

    /// <summary>http://nn/webhdfs/v1{path}?op={op}&amp;user.name=tester&amp;{query}</summary>
    protected Uri Url(string path, string op, string query = "") =>
        new($"{Server.NameNodeUri.AbsoluteUri.TrimEnd('/')}/webhdfs/v1{path}?op={op}&user.name={User}{(query.Length > 0 ? "&" + query : "")}");

    protected Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, byte[]? body = null, string contentType = "application/octet-stream")
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        return Http.SendAsync(request);
    }

    protected Task<HttpResponseMessage> GetAsync(string path, string op, string query = "") => SendAsync(HttpMethod.Get, Url(path, op, query));

    protected Task<HttpResponseMessage> PutAsync(string path, string op, string query = "") => SendAsync(HttpMethod.Put, Url(path, op, query));

    protected Task<HttpResponseMessage> PostAsync(string path, string op, string query = "") => SendAsync(HttpMethod.Post, Url(path, op, query));

    protected Task<HttpResponseMessage> DeleteAsync(string path, string query = "") => SendAsync(HttpMethod.Delete, Url(path, "DELETE", query));

    /// <summary>Step one of CREATE/APPEND/OPEN: asserts the 307 and returns its Location.</summary>
    protected async Task<Uri> RedirectAsync(HttpMethod method, string path, string op, string query = "")
    {
        using var response = await SendAsync(method, Url(path, op, query));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        return response.Headers.Location ?? throw new InvalidOperationException("307 without Location");
    }

    /// <summary>Both steps of CREATE; returns the DataNode's response (201 when all went well).</summary>
    protected async Task<HttpResponseMessage> CreateAsync(string path, byte[] data, string query = "")
    {
        var location = await RedirectAsync(HttpMethod.Put, path, "CREATE", query);
        return await SendAsync(HttpMethod.Put, location, data);
    }

    /// <summary>Both steps of APPEND; returns the DataNode's response (200 when all went well).</summary>
    protected async Task<HttpResponseMessage> AppendAsync(string path, byte[] data)
    {
        var location = await RedirectAsync(HttpMethod.Post, path, "APPEND");
        return await SendAsync(HttpMethod.Post, location, data);
    }

    /// <summary>Both steps of OPEN; returns the bytes.</summary>
    protected async Task<byte[]> OpenAsync(string path, string query = "")
    {
        var location = await RedirectAsync(HttpMethod.Get, path, "OPEN", query);
        using var response = await SendAsync(HttpMethod.Get, location);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    protected async Task CreateFileAsync(string path, byte[] data)
    {
        using var response = await CreateAsync(path, data);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    protected static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    protected static async Task<bool> BooleanAsync(HttpResponseMessage response)
    {
        using (response)
        {
            return (await JsonAsync(response)).GetProperty("boolean").GetBoolean();
        }
    }

    protected async Task<JsonElement> StatusAsync(string path)
    {
        using var response = await GetAsync(path, "GETFILESTATUS");
        return (await JsonAsync(response)).GetProperty("FileStatus");
    }

    protected string Local(string hdfsPath) => Server.GetLocalPath(hdfsPath);

    protected byte[] ReadLocal(string hdfsPath) => File.ReadAllBytes(Local(hdfsPath));

    protected void WriteLocal(string hdfsPath, byte[] data)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Local(hdfsPath))!);
        File.WriteAllBytes(Local(hdfsPath), data);
    }

    protected static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    protected static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Asserts that the connection was cut: HttpClient sees a transport error, not a status.</summary>
    protected static async Task AssertConnectionCutAsync(Func<Task> action)
    {
        var error = await Record.ExceptionAsync(action);
        Assert.NotNull(error);
        Assert.True(error is HttpRequestException or IOException, $"expected a transport error, got {error}");
    }
}
