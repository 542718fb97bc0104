using System.Net;
using System.Net.Sockets;
using System.Text;
using FlumeNet.Agent.Sources.Http;

namespace FlumeNet.Agent.Tests.Sources.Http;

/// <summary>The http source's own HTTP/1.1 server, spoken to byte by byte (framing a library client would hide).</summary>
public sealed class Http1ServerTests
{
    // Sends raw bytes and reads until `responses` full responses (head + Content-Length body) arrived or the server closed.
    private static async Task<List<string>> Exchange(HttpSource s, string raw, int responses, Func<NetworkStream, Task>? between = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, s.BoundPort);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(raw));
        if (between is not null)
        {
            await between(stream);
        }
        return await ReadResponses(stream, responses);
    }

    private static async Task<List<string>> ReadResponses(NetworkStream stream, int responses)
    {
        using var cts = new CancellationTokenSource(SourceHarness.Patience);
        var got = new List<string>();
        var pending = new StringBuilder();
        var buffer = new byte[4096];
        while (got.Count < responses)
        {
            var text = pending.ToString();
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var lengthAt = text.IndexOf("Content-Length: ", StringComparison.Ordinal);
                var length = lengthAt >= 0 && lengthAt < end ? int.Parse(text[(lengthAt + 16)..text.IndexOf('\r', lengthAt)], System.Globalization.CultureInfo.InvariantCulture) : 0;
                if (text.StartsWith("HTTP/1.1 100", StringComparison.Ordinal))
                {
                    length = 0;
                }
                if (text.Length >= end + 4 + length)
                {
                    got.Add(text[..(end + 4 + length)]);
                    pending.Remove(0, end + 4 + length);
                    continue;
                }
            }
            var n = await stream.ReadAsync(buffer, cts.Token);
            if (n == 0)
            {
                break;
            }
            pending.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        return got;
    }

    [Fact]
    public async Task ChunkedBody_WithExtensionsAndTrailers_IsOneBatch()
    {
        var h = new SourceHarness();
        var s = HttpSourceTests.Start(h);
        try
        {
            var r = await Exchange(s, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                "6;ext=1\r\n[{\"bod\r\n" + "E\r\ny\":\"chunked\"}]\r\n" + "0\r\nX-Trailer: t\r\n\r\n", 1);
            Assert.StartsWith("HTTP/1.1 200 OK", Assert.Single(r), StringComparison.Ordinal);
            Assert.Equal(["chunked"], h.WaitFor(1));
        }
        finally
        {
            s.Stop();
        }
    }

    [Fact]
    public async Task KeepAlive_AnswersPipelinedRequestsInOrder_AndHttp10ClosesAfterOne()
    {
        var h = new SourceHarness();
        var s = HttpSourceTests.Start(h);
        try
        {
            const string One = "[{\"body\":\"p1\"}]";
            const string Two = "[{bad";
            const string Three = "[{\"body\":\"p3\"}]";
            var r = await Exchange(s,
                $"POST /a HTTP/1.1\r\nContent-Length: {One.Length}\r\n\r\n{One}" +
                $"POST /b HTTP/1.1\r\nContent-Length: {Two.Length}\r\n\r\n{Two}" +
                $"GET /c?x=1 HTTP/1.1\r\nContent-Length: {Three.Length}\r\n\r\n{Three}", 3);
            Assert.Equal(3, r.Count);
            Assert.StartsWith("HTTP/1.1 200 OK", r[0], StringComparison.Ordinal);
            Assert.StartsWith("HTTP/1.1 400 Bad Request", r[1], StringComparison.Ordinal);
            Assert.StartsWith("HTTP/1.1 200 OK", r[2], StringComparison.Ordinal);
            Assert.Equal(["p1", "p3"], h.WaitFor(2));

            var old = await Exchange(s, $"POST / HTTP/1.0\r\nContent-Length: {One.Length}\r\n\r\n{One}POST / HTTP/1.0\r\nContent-Length: {One.Length}\r\n\r\n{One}", 2);
            Assert.Contains("Connection: close", Assert.Single(old), StringComparison.Ordinal);
            Assert.Equal(3, h.WaitFor(3).Count);
        }
        finally
        {
            s.Stop();
        }
    }

    [Fact]
    public async Task ExpectContinue_Gets100_BeforeTheBodyIsSent()
    {
        var h = new SourceHarness();
        var s = HttpSourceTests.Start(h);
        try
        {
            const string Body = "[{\"body\":\"late\"}]";
            var r = await Exchange(s, $"POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: {Body.Length}\r\n\r\n", 1, async stream =>
            {
                var interim = await ReadResponses(stream, 1);
                Assert.StartsWith("HTTP/1.1 100 Continue", Assert.Single(interim), StringComparison.Ordinal);
                await stream.WriteAsync(Encoding.ASCII.GetBytes(Body));
            });
            Assert.StartsWith("HTTP/1.1 200 OK", Assert.Single(r), StringComparison.Ordinal);
            Assert.Equal(["late"], h.WaitFor(1));
        }
        finally
        {
            s.Stop();
        }
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n", "400")]
    [InlineData("POST / HTTP/2.0\r\n\r\n", "505")]
    [InlineData("POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n", "400")]
    [InlineData("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "400")]
    [InlineData("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", "501")]
    [InlineData("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "400")]
    [InlineData("POST / HTTP/1.1\r\nBad header\r\n\r\n", "400")]
    public async Task MalformedRequests_AreRefused_AndTheConnectionClosed(string raw, string status)
    {
        var h = new SourceHarness();
        var s = HttpSourceTests.Start(h);
        try
        {
            var r = await Exchange(s, raw + "POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\n[]", 2);
            var only = Assert.Single(r);
            Assert.StartsWith("HTTP/1.1 " + status, only, StringComparison.Ordinal);
            Assert.Contains("Connection: close", only, StringComparison.Ordinal);
            Assert.Equal(0, h.Drain());
        }
        finally
        {
            s.Stop();
        }
    }

    [Fact]
    public async Task OversizedHead_Is431()
    {
        var h = new SourceHarness();
        var s = HttpSourceTests.Start(h);
        try
        {
            var r = await Exchange(s, "POST / HTTP/1.1\r\nX-Big: " + new string('a', Http1Input.MaxHeadBytes) + "\r\n\r\n", 1);
            Assert.StartsWith("HTTP/1.1 431", Assert.Single(r), StringComparison.Ordinal);
        }
        finally
        {
            s.Stop();
        }
    }

    [Fact]
    public void Head_ParsesTargetVersionAndConnection()
    {
        var head = Http1RequestHead.Parse("POST http://host:1/p/q?a=%20b&c HTTP/1.1\r\ncontent-type: application/json\r\nConnection: keep-alive, Close\r\ncontent-length: 12");
        Assert.Equal("/p/q", head.Path);
        Assert.Equal("a=%20b&c", head.Query);
        Assert.Equal("application/json", head.ContentType);
        Assert.Equal(12, head.ContentLength);
        Assert.False(head.KeepAlive);
        var chunked = Http1RequestHead.Parse("POST / HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked");
        Assert.Null(chunked.ContentLength);
        Assert.True(chunked.KeepAlive);
        Assert.Equal(0, Http1RequestHead.Parse("GET / HTTP/1.1").ContentLength);
    }

    [Fact]
    public void CoreBlobHandler_ReadsAnUrlencodedBody_AsParameters_AfterTheQuery()
    {
        var request = HttpSourceRequest.ForTest("POST", "/?q=1&a=first", "application/x-www-form-urlencoded; charset=UTF-8", "a=1&b=x%20y"u8.ToArray());
        var e = Assert.Single(BlobHandler.Core([]).GetEvents(request));
        Assert.Empty(e.Body);
        Assert.Equal("1", e.Header("q"));
        Assert.Equal("first", e.Header("a"));
        Assert.Equal("x y", e.Header("b"));
    }

    [Fact]
    public void Parameters_AreDecodedInOrder_FirstValueWins()
    {
        var into = new Dictionary<string, string>(StringComparer.Ordinal);
        HttpSourceRequest.AddParameters("k=v&k=w&x=1%202&plus=a+b&flag&&=e", into);
        Assert.Equal("v", into["k"]);
        Assert.Equal("1 2", into["x"]);
        Assert.Equal("a b", into["plus"]);
        Assert.Equal("", into["flag"]);
    }
}
