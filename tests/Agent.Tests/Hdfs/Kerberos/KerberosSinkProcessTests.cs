using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Hdfs.Kerberos;

/// <summary>
/// netcat → memory → HDFS sink on webhdfs:// to the emulator in --kerberos mode, with a keytab from a real MIT KDC.
/// Lifetimes are shortened (ticket 20 s, delegation token 8 s) so that re-login and renewal happen within ~25 s.
/// </summary>
[Collection("processes")]
public sealed class KerberosSinkProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-krb-it-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [KerberosFact]
    public void Writes_with_a_keytab_and_renews_ticket_and_token_while_running()
    {
        using var kdc = TestKdc.Start(TimeSpan.FromSeconds(20));
        var httpKeytab = kdc.AddPrincipal("HTTP/localhost");
        var flumeKeytab = kdc.AddPrincipal("flume/localhost", TimeSpan.FromSeconds(20));
        var root = Directory.CreateDirectory(Path.Combine(_dir, "hdfs")).FullName;
        using var hdfs = EmulatorProcess.WebHdfs(new Dictionary<string, string>(kdc.Environment) { ["KRB5_KTNAME"] = httpKeytab },
            "--root", root, "--kerberos", "--token-lifetime-ms", "8000");
        var port = AgentProcess.FreePort();
        var config = Config(hdfs.Url.Port, port, "flume/localhost", flumeKeytab);
        using var agent = AgentProcess.Start(_dir, kdc.Environment, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        Assert.True(agent.WaitFor("started"), agent.Output);
        var sent = new List<string>();
        var until = DateTime.UtcNow.AddSeconds(60);
        for (var round = 0; DateTime.UtcNow < until; round++)
        {
            var lines = Enumerable.Range(0, 20).Select(i => $"round {round} line {i}").ToList();
            Assert.Equal(lines.Count, NetcatClient.SendAndCountOks(port, lines));
            sent.AddRange(lines);
            if (agent.Output.Contains("Kerberos: logged in again", StringComparison.Ordinal)
                && agent.Output.Contains("delegation token renewed", StringComparison.Ordinal) && round > 2)
            {
                break;
            }
            Thread.Sleep(1000);
        }
        agent.Terminate();
        Assert.True(agent.WaitForExit(), agent.Output);
        Assert.Contains("Kerberos: logged in as flume/localhost", agent.Output, StringComparison.Ordinal);
        Assert.Contains("got a delegation token", agent.Output, StringComparison.Ordinal);
        Assert.Contains("delegation token renewed", agent.Output, StringComparison.Ordinal);
        Assert.Contains("Kerberos: logged in again", agent.Output, StringComparison.Ordinal);
        var files = Directory.GetFiles(Path.Combine(root, "flume"), "*", SearchOption.AllDirectories);
        Assert.DoesNotContain(files, f => f.EndsWith(".tmp", StringComparison.Ordinal));
        var landed = files.SelectMany(File.ReadAllLines).ToList();
        Assert.Equal(sent.Order(StringComparer.Ordinal), landed.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("401", hdfs.Output, StringComparison.Ordinal);
    }

    [KerberosFact]
    public void A_keytab_without_the_principal_gives_one_error_naming_the_keys()
    {
        using var kdc = TestKdc.Start();
        var httpKeytab = kdc.AddPrincipal("HTTP/localhost");
        kdc.AddPrincipal("flume/localhost");
        using var hdfs = EmulatorProcess.WebHdfs(new Dictionary<string, string>(kdc.Environment) { ["KRB5_KTNAME"] = httpKeytab },
            "--root", Directory.CreateDirectory(Path.Combine(_dir, "hdfs")).FullName, "--kerberos");
        var config = Config(hdfs.Url.Port, AgentProcess.FreePort(), "flume/localhost", httpKeytab);
        using var agent = AgentProcess.Start(_dir, kdc.Environment, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        Assert.True(agent.WaitFor("hdfs.kerberosKeytab/hdfs.kerberosPrincipal: Kerberos login as flume/localhost"), agent.Output);
        Thread.Sleep(3000);
        var output = agent.Output;
        var mentions = output.Split('\n').Count(l => l.Contains("Kerberos login as", StringComparison.Ordinal));
        Assert.True(mentions is >= 1 and <= 2, $"expected one error, got {mentions}:\n{output}");
        Assert.Contains(httpKeytab, output, StringComparison.Ordinal);
    }

    private string Config(int nameNodePort, int port, string principal, string keytab)
    {
        var config = Path.Combine(_dir, "agent.properties");
        File.WriteAllText(config, $"""
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = netcat
            a1.sources.r1.bind = 127.0.0.1
            a1.sources.r1.port = {port}
            a1.sources.r1.channels = c1
            a1.channels.c1.type = memory
            a1.sinks.k1.type = hdfs
            a1.sinks.k1.channel = c1
            a1.sinks.k1.hdfs.path = webhdfs://localhost:{nameNodePort}/flume
            a1.sinks.k1.hdfs.fileType = DataStream
            a1.sinks.k1.hdfs.batchSize = 10
            a1.sinks.k1.hdfs.rollInterval = 0
            a1.sinks.k1.hdfs.rollSize = 0
            a1.sinks.k1.hdfs.rollCount = 50
            a1.sinks.k1.hdfs.kerberosPrincipal = {principal}
            a1.sinks.k1.hdfs.kerberosKeytab = {keytab}
            """);
        return config;
    }
}
