using System.Net;
using FlumeNet.Tools.WebHdfsEmulator;
using FlumeNet.WebHdfsEmulator.Tests.Infrastructure;

namespace FlumeNet.WebHdfsEmulator.Tests;

/// <summary>--kerberos without a ticket (SPNEGO itself is cross-checked with curl against a real KDC in Agent.Tests).</summary>
public sealed class KerberosModeTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false });
    private WebHdfsEmulatorServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await WebHdfsEmulatorServer.StartAsync(new WebHdfsEmulatorOptions { RootDirectory = _root.Path, Kerberos = true });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task Unauthenticated_requests_get_401_negotiate_even_with_user_name()
    {
        using var response = await _http.PutAsync(new Uri(_server.NameNodeUri, "/webhdfs/v1/x?op=MKDIRS&user.name=flume"), null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Negotiate", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.False(Directory.Exists(Path.Combine(_root.Path, "x")));
    }

    [Fact]
    public async Task An_unknown_delegation_token_is_an_invalid_token_403_and_the_datanode_wants_a_token()
    {
        using var response = await _http.GetAsync(new Uri(_server.NameNodeUri, "/webhdfs/v1/?op=LISTSTATUS&delegation=bogus"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("SecretManager$InvalidToken", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var dataNode = await _http.PutAsync(new Uri(_server.DataNodeUri, "/webhdfs/v1/a?op=CREATE&namenoderpcaddress=x"), new ByteArrayContent([1]));
        Assert.Equal(HttpStatusCode.Unauthorized, dataNode.StatusCode);
    }
}
