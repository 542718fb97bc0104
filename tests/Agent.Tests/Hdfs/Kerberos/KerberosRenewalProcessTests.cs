using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Hdfs.Kerberos;

/// <summary>
/// Issue 13's acceptance: the agent writes to a Kerberized emulator with a keytab from a real MIT KDC, and its TGT and
/// delegation token (both with a 1-minute life) are renewed within a run shorter than that life (re-login at 80 %,
/// token renewal at 75 %: about 45–50 s). In its own collection, so it runs beside the other process tests.
/// </summary>
[Collection("kerberos-renewal")]
public sealed class KerberosRenewalProcessTests : IDisposable
{
    private static readonly TimeSpan Life = TimeSpan.FromMinutes(1);
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-krb-renew-it-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [KerberosFact]
    public void Writes_with_a_keytab_and_renews_ticket_and_token_before_their_one_minute_life_ends()
    {
        using var kdc = TestKdc.Start(Life);
        var httpKeytab = kdc.AddPrincipal("HTTP/localhost");
        var flumeKeytab = kdc.AddPrincipal("flume/localhost", Life);
        var root = Directory.CreateDirectory(Path.Combine(_dir, "hdfs")).FullName;
        using var hdfs = EmulatorProcess.WebHdfs(new Dictionary<string, string>(kdc.Environment) { ["KRB5_KTNAME"] = httpKeytab },
            "--root", root, "--kerberos", "--token-lifetime-ms", ((long)Life.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var port = AgentProcess.FreePort();
        var config = KerberosSinkProcessTests.Config(_dir, hdfs.Url.Port, port, "flume/localhost", flumeKeytab);
        using var agent = AgentProcess.Start(_dir, kdc.Environment, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        Assert.True(agent.WaitFor("started"), agent.Output);
        var sent = new List<string>();
        // Generous bound for a loaded machine; the renewals themselves are due at 45 s and 48 s.
        var until = DateTime.UtcNow.AddSeconds(150);
        for (var round = 0; DateTime.UtcNow < until; round++)
        {
            var lines = Enumerable.Range(0, 20).Select(i => $"round {round} line {i}").ToList();
            Assert.Equal(lines.Count, NetcatClient.SendAndCountOks(port, lines));
            sent.AddRange(lines);
            if (agent.Output.Contains("Kerberos: logged in again", StringComparison.Ordinal)
                && agent.Output.Contains("delegation token renewed", StringComparison.Ordinal))
            {
                break;
            }
            Thread.Sleep(1000);
        }
        // One more round after both renewals: the renewed ticket and token are used.
        var last = Enumerable.Range(0, 20).Select(i => $"after renewal line {i}").ToList();
        Assert.Equal(last.Count, NetcatClient.SendAndCountOks(port, last));
        sent.AddRange(last);
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
        Assert.Contains("Kerberos: logged in as flume/localhost", agent.Output, StringComparison.Ordinal);
        Assert.Contains("got a delegation token", agent.Output, StringComparison.Ordinal);
        Assert.Contains("delegation token renewed", agent.Output, StringComparison.Ordinal);
        Assert.Contains("Kerberos: logged in again", agent.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("refused the delegation token", agent.Output, StringComparison.Ordinal);
        var files = Directory.GetFiles(Path.Combine(root, "flume"), "*", SearchOption.AllDirectories);
        Assert.DoesNotContain(files, f => f.EndsWith(".tmp", StringComparison.Ordinal));
        var landed = files.SelectMany(File.ReadAllLines).ToList();
        Assert.Equal(sent.Order(StringComparer.Ordinal), landed.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("401", hdfs.Output, StringComparison.Ordinal);
    }
}
