using System.Text.Json;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Hdfs.Kerberos;

/// <summary>
/// The WebHDFS emulator's --kerberos mode cross-checked by an independent SPNEGO client: curl --negotiate with a
/// ticket from a real MIT KDC (kinit -kt into a private cache).
/// </summary>
public sealed class KerberizedEmulatorCurlTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "flumenet-krb-emu-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [KerberosFact]
    public void Curl_negotiates_with_a_kdc_ticket_and_delegation_tokens_work_until_cancelled()
    {
        using var kdc = TestKdc.Start();
        var httpKeytab = kdc.AddPrincipal("HTTP/localhost");
        var flumeKeytab = kdc.AddPrincipal("flume/localhost");
        using var hdfs = EmulatorProcess.WebHdfs(
            new Dictionary<string, string>(kdc.Environment) { ["KRB5_KTNAME"] = httpKeytab },
            "--root", _root, "--kerberos");
        var nn = $"http://localhost:{hdfs.Url.Port}/webhdfs/v1";

        // No credentials: 401 with a Negotiate challenge, whatever user.name says.
        var (status, body, headers) = Curl(kdc, null, "-X", "PUT", $"{nn}/logs?op=MKDIRS&user.name=flume");
        Assert.Equal("401", status);
        Assert.Contains("WWW-Authenticate: Negotiate", headers, StringComparison.OrdinalIgnoreCase);
        Assert.False(Directory.Exists(Path.Combine(_root, "logs")), body);

        var cache = kdc.Kinit("flume/localhost", flumeKeytab);
        (status, body, _) = Curl(kdc, cache, "--negotiate", "-u", ":", "-X", "PUT", $"{nn}/logs?op=MKDIRS");
        Assert.True(status == "200", body + hdfs.Output);
        Assert.Contains("\"boolean\":true", body, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(_root, "logs")));

        // CREATE through the redirect: the DataNode takes only the token the NameNode put into the Location.
        var upload = Path.Combine(kdc.Directory, "upload.txt");
        File.WriteAllText(upload, "hello kerberos\n");
        (status, body, _) = Curl(kdc, cache, "--negotiate", "-u", ":", "-L", "-T", upload, $"{nn}/logs/a.txt?op=CREATE");
        Assert.True(status == "201", body + hdfs.Output);
        Assert.Equal("hello kerberos\n", File.ReadAllText(Path.Combine(_root, "logs", "a.txt")));

        (status, body, _) = Curl(kdc, cache, "--negotiate", "-u", ":", $"{nn}/?op=GETDELEGATIONTOKEN&renewer=flume");
        Assert.True(status == "200", body);
        var token = JsonDocument.Parse(body).RootElement.GetProperty("Token").GetProperty("urlString").GetString()!;

        // A token alone (no Kerberos) is enough for file operations, but not for fetching more tokens.
        (status, body, _) = Curl(kdc, null, $"{nn}/logs/a.txt?op=GETFILESTATUS&delegation={token}");
        Assert.True(status == "200", body);
        Assert.Contains("\"type\":\"FILE\"", body, StringComparison.Ordinal);
        (status, _, _) = Curl(kdc, null, $"{nn}/?op=GETDELEGATIONTOKEN&delegation={token}");
        Assert.Equal("403", status);

        (status, body, _) = Curl(kdc, cache, "--negotiate", "-u", ":", "-X", "PUT", $"{nn}/?op=RENEWDELEGATIONTOKEN&token={token}");
        Assert.True(status == "200", body);
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("long").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        (status, body, _) = Curl(kdc, cache, "--negotiate", "-u", ":", "-X", "PUT", $"{nn}/?op=CANCELDELEGATIONTOKEN&token={token}");
        Assert.True(status == "200", body);
        (status, body, _) = Curl(kdc, null, $"{nn}/logs/a.txt?op=GETFILESTATUS&delegation={token}");
        Assert.Equal("403", status);
        Assert.Contains("InvalidToken", body, StringComparison.Ordinal);
    }

    private static (string Status, string Body, string Headers) Curl(TestKdc kdc, string? cache, params string[] args)
    {
        var headers = Path.Combine(kdc.Directory, "headers-" + Guid.NewGuid().ToString("N")[..8]);
        var env = new Dictionary<string, string> { ["KRB5CCNAME"] = cache ?? "FILE:" + Path.Combine(kdc.Directory, "no-such-cache") };
        var output = kdc.Run("curl", ["-4", "-s", "-S", "--max-time", "60", "-D", headers, "-w", "\n%{http_code}", .. args], env);
        var split = output.TrimEnd().LastIndexOf('\n');
        return (output[(split + 1)..].Trim(), split < 0 ? string.Empty : output[..split], File.ReadAllText(headers));
    }
}
