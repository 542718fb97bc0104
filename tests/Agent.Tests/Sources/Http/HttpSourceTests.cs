using System.Net;
using System.Net.Sockets;
using System.Text;
using FlumeNet.Agent.Registry.Specs;
using FlumeNet.Agent.Sources.Http;

namespace FlumeNet.Agent.Tests.Sources.Http;

/// <summary>The http source over real HTTP (TestHTTPSource's behaviours, reference §4.1).</summary>
public sealed class HttpSourceTests
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(60) };

    internal static HttpSource Start(SourceHarness h, params (string, string)[] props)
    {
        var source = (HttpSource)HttpSourceBinding.Factory.Source!(SourceHarness.Options(RpcSourceSpecs.Http, [.. props, ("bind", "127.0.0.1"), ("port", "0")]), h.Processor);
        source.Start();
        return source;
    }

    private static Uri Url(HttpSource s, string path = "/") => new($"http://127.0.0.1:{s.BoundPort}{path}");

    private static async Task<(HttpStatusCode Status, string Body)> Post(HttpSource s, string body, string contentType = "application/json", string path = "/")
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        using var r = await Client.PostAsync(Url(s, path), content);
        return (r.StatusCode, await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task JsonBatch_IsCommitted_Then200_AndCounted()
    {
        var h = new SourceHarness();
        var s = Start(h);
        try
        {
            var (status, body) = await Post(s, """[{"headers":{"a":"b"},"body":"one"},{"body":"two"}]""");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("", body);
            Assert.Equal(["one", "two"], h.WaitFor(2));
            Assert.Equal("b", h.Received[0].Header("a"));
            Assert.Equal(2, s.Counter.EventAcceptedCount);
            Assert.Equal(1, s.Counter.AppendBatchAcceptedCount);
        }
        finally
        {
            s.Stop();
        }
    }

    [Fact]
    public async Task BadJson_Is400_EmptyBodyAndBadCharset_Are500()
    {
        var h = new SourceHarness();
        var s = Start(h);
        try
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await Post(s, """{"body":"x"}""")).Status);
            Assert.Equal(HttpStatusCode.BadRequest, (await Post(s, "[{bad")).Status);
            Assert.Equal(HttpStatusCode.InternalServerError, (await Post(s, "")).Status);
            Assert.Equal(HttpStatusCode.InternalServerError, (await Post(s, "[]", "application/json; charset=ISO-8859-1")).Status);
            Assert.Equal(4, s.Counter.EventReadFail);
            Assert.Equal(0, h.Drain());
        }
        finally
        {
            s.Stop();
        }
    }

    [Fact]
    public async Task FullChannel_Is503_AndEveryEventAnswered200_IsThere()
    {
        var h = new SourceHarness(capacity: 5, transactionCapacity: 5);
        var s = Start(h);
        try
        {
            var accepted = 0;
            var refused = 0;
            for (var i = 0; i < 5; i++)
            {
                var (status, _) = await Post(s, $$"""[{"body":"e{{i}}a"},{"body":"e{{i}}b"}]""");
                if (status == HttpStatusCode.OK)
                {
                    accepted += 2;
                }
                else
                {
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
                    refused++;
                }
            }
            Assert.True(refused > 0);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Post(s, """[{"body":"1"},{"body":"2"},{"body":"3"},{"body":"4"},{"body":"5"},{"body":"6"}]""")).Status);
            Assert.Equal(accepted, h.WaitFor(accepted).Count);
            Assert.Equal(HttpStatusCode.OK, (await Post(s, """[{"body":"later"}]""")).Status);
            Assert.Equal("later", h.WaitFor(accepted + 1)[^1]);
            Assert.Equal(refused + 1, s.Counter.ChannelWriteFail);
        }
        finally
        {
            s.Stop();
        }
    }

    [Fact]
    public async Task TraceAndOptions_Are403_Put405_GetIsHandledAsPost()
    {
        var h = new SourceHarness();
        var s = Start(h);
        try
        {
            using var trace = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Trace, Url(s)));
            Assert.Equal(HttpStatusCode.Forbidden, trace.StatusCode);
            using var options = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Options, Url(s)));
            Assert.Equal(HttpStatusCode.Forbidden, options.StatusCode);
            using var put = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Put, Url(s)) { Content = new StringContent("[]") });
            Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
            using var get = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, Url(s, "/any/path")) { Content = new StringContent("""[{"body":"g"}]""") });
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal(["g"], h.WaitFor(1));
        }
        finally
        {
            s.Stop();
        }
    }

    [Fact]
    public async Task BlobHandler_KeepsTheBody_UpToMaxBlobLength_WithContentTypeAndParameters()
    {
        var h = new SourceHarness();
        var s = Start(h, ("handler", HttpSourceOptions.MorphlineBlobHandler), ("handler.maxBlobLength", "10"));
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await Post(s, "0123456789abcdef", "text/plain", "/?k=v&k=w&x=1")).Status);
            h.WaitFor(1);
            var e = h.Received[0];
            Assert.Equal("0123456789", Encoding.UTF8.GetString(e.Body));
            Assert.Equal("v", e.Header("k"));
            Assert.Equal("1", e.Header("x"));
            Assert.StartsWith("text/plain", e.Header("Content-Type"), StringComparison.Ordinal);
        }
        finally
        {
            s.Stop();
        }
    }

    [Fact]
    public async Task CoreBlobHandler_RefusesAMissingMandatoryParameter()
    {
        var h = new SourceHarness();
        var s = Start(h, ("handler", HttpSourceOptions.CoreBlobHandler), ("handler.mandatoryParameters", "id"));
        try
        {
            Assert.Equal(HttpStatusCode.InternalServerError, (await Post(s, "blob", "application/octet-stream")).Status);
            Assert.Equal(HttpStatusCode.OK, (await Post(s, "blob", "application/octet-stream", "/?id=7")).Status);
            Assert.Equal(["blob"], h.WaitFor(1));
            Assert.Equal("7", h.Received[0].Header("id"));
        }
        finally
        {
            s.Stop();
        }
    }

    [Fact]
    public async Task ClientsThatSendHalfARequestAndVanish_DoNotDisturbOthers()
    {
        var h = new SourceHarness();
        var s = Start(h);
        try
        {
            for (var i = 0; i < 5; i++)
            {
                using var raw = new TcpClient();
                await raw.ConnectAsync(IPAddress.Loopback, s.BoundPort);
                await raw.GetStream().WriteAsync(Encoding.ASCII.GetBytes("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n[{\"body\":"));
                raw.LingerState = new LingerOption(true, 0);
            }
            Assert.Equal(HttpStatusCode.OK, (await Post(s, """[{"body":"ok"}]""")).Status);
            Assert.Equal(["ok"], h.WaitFor(1));
        }
        finally
        {
            s.Stop();
        }
    }

    [Fact]
    public void PortInUse_FailsStart()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var source = HttpSourceBinding.Factory.Source!(SourceHarness.Options(RpcSourceSpecs.Http, ("bind", "127.0.0.1"), ("port", port)), new SourceHarness().Processor);
        var ex = Assert.Throws<IOException>(source.Start);
        Assert.Contains(port, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JavaKeyStore_IsRefused_WithTheKeytoolCommand()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2]);
            var source = HttpSourceBinding.Factory.Source!(SourceHarness.Options(RpcSourceSpecs.Http, ("bind", "127.0.0.1"), ("port", "0"),
                ("ssl", "true"), ("keystore", path), ("keystore-password", "hunter2")), new SourceHarness().Processor);
            var ex = Assert.Throws<IOException>(source.Start);
            Assert.Contains("keytool -importkeystore", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Ssl_WithAPemKeyStore_ServesHttps()
    {
        var dir = Directory.CreateTempSubdirectory("flumenet-tls-").FullName;
        try
        {
            var pem = Path.Combine(dir, "server.pem");
            using (var key = System.Security.Cryptography.RSA.Create(2048))
            {
                var req = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=localhost", key,
                    System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
                using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
                File.WriteAllText(pem, cert.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());
            }
            var h = new SourceHarness();
            var s = Start(h, ("ssl", "true"), ("keystore", pem), ("keystore-type", "PKCS12"));
            try
            {
                using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
                using var tlsClient = new HttpClient(handler);
                using var r = await tlsClient.PostAsync(new Uri($"https://127.0.0.1:{s.BoundPort}/"), new StringContent("""[{"body":"secure"}]"""));
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                Assert.Equal(["secure"], h.WaitFor(1));
            }
            finally
            {
                s.Stop();
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
