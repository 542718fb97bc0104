using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Hdfs.Kerberos;

/// <summary>
/// netcat → memory → HDFS sink on webhdfs:// to the emulator in --kerberos mode, with a keytab from a real MIT KDC:
/// a wrong keytab. Writing and renewal are in <see cref="KerberosRenewalProcessTests"/>.
/// </summary>
[Collection("processes")]
public sealed class KerberosSinkProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-krb-it-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [KerberosFact]
    public void A_keytab_without_the_principal_gives_one_error_naming_the_keys()
    {
        using var kdc = TestKdc.Start();
        var httpKeytab = kdc.AddPrincipal("HTTP/localhost");
        kdc.AddPrincipal("flume/localhost");
        using var hdfs = EmulatorProcess.WebHdfs(new Dictionary<string, string>(kdc.Environment) { ["KRB5_KTNAME"] = httpKeytab },
            "--root", Directory.CreateDirectory(Path.Combine(_dir, "hdfs")).FullName, "--kerberos");
        var config = Config(_dir, hdfs.Url.Port, AgentProcess.FreePort(), "flume/localhost", httpKeytab);
        using var agent = AgentProcess.Start(_dir, kdc.Environment, "agent", "-n", "a1", "-f", config, "--no-reload-conf", "-Dflume.root.logger=INFO,console");
        Assert.True(agent.WaitFor("hdfs.kerberosKeytab/hdfs.kerberosPrincipal: Kerberos login as flume/localhost"), agent.Output);
        Thread.Sleep(3000);
        var output = agent.Output;
        var mentions = output.Split('\n').Count(l => l.Contains("Kerberos login as", StringComparison.Ordinal));
        Assert.True(mentions is >= 1 and <= 2, $"expected one error, got {mentions}:\n{output}");
        Assert.Contains(httpKeytab, output, StringComparison.Ordinal);
    }

    internal static string Config(string dir, int nameNodePort, int port, string principal, string keytab)
    {
        var config = Path.Combine(dir, "agent.properties");
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
