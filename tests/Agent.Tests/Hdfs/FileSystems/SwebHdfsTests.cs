using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FlumeNet.Agent.Hdfs.FileSystems;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Hdfs.FileSystems;

/// <summary>
/// swebhdfs:// (issue 13.7): the emulator serves HTTPS with a certificate of a private CA; the client trusts that CA
/// through Hadoop's ssl-client.xml (<c>ssl.client.truststore.location</c>, as PEM), fails clearly without it, and a
/// Java keystore there is refused with how to convert it. curl (an independent client) cross-checks the emulator.
/// </summary>
[Collection("processes")]
public sealed class SwebHdfsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-swebhdfs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WithTheClusterCaFromSslClientXml_WritesOverHttps_WithoutIt_OneClearErrorAndNoRetries()
    {
        var (ca, cert, key) = MakeCertificates();
        var root = Directory.CreateDirectory(Path.Combine(_dir, "root")).FullName;
        using var emulator = EmulatorProcess.WebHdfs("--root", root, "--tls-cert", cert, "--tls-key", key);
        Assert.Equal("https", emulator.Url.Scheme);
        var hadoop = HadoopConfigWith(ca);
        var (fs, path) = FileSystemResolver.Resolve($"swebhdfs://127.0.0.1:{emulator.Url.Port}/secure/FlumeData.1.tmp", hadoop,
            HadoopClientSettings.Apply(FileSystemResolver.DefaultWebHdfs(), hadoop));
        using (var web = Assert.IsType<WebHdfsFileSystem>(fs))
        {
            Assert.Equal("https", web.Settings.NameNodes[0].Scheme);
            using (var stream = fs.Create(path))
            {
                stream.Write("over tls\n"u8);
                stream.Flush();
            }
            Assert.True(fs.Rename(path, "/secure/FlumeData.1"));
        }
        Assert.Equal("over tls\n", File.ReadAllText(Path.Combine(root, "secure", "FlumeData.1")));

        // The system's CAs do not know the cluster's: one error that says what to do, at once (no retries until callTimeout).
        var (untrusting, _) = FileSystemResolver.Resolve($"swebhdfs://127.0.0.1:{emulator.Url.Port}/secure", HadoopConfig.Empty,
            FileSystemResolver.DefaultWebHdfs() with { CallTimeout = TimeSpan.FromSeconds(60) });
        using (var web = Assert.IsType<WebHdfsFileSystem>(untrusting))
        {
            var watch = Stopwatch.StartNew();
            var ex = Assert.Throws<WebHdfsException>(() => untrusting.Create("/secure/FlumeData.2.tmp"));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"retried for {watch.Elapsed}");
            Assert.Contains("TLS failed", ex.Message, StringComparison.Ordinal);
            Assert.Contains(HadoopTrustStore.LocationKey, ex.Message, StringComparison.Ordinal);
        }
        Assert.False(File.Exists(Path.Combine(root, "secure", "FlumeData.2.tmp")));
    }

    [Fact]
    public void AJavaKeystoreOrPkcs12TrustStore_IsRefused_SayingHowToConvertIt()
    {
        var (ca, _, _) = MakeCertificates();
        var jks = Path.Combine(_dir, "truststore.jks");
        File.WriteAllBytes(jks, [0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2, 0, 0, 0, 1]);
        var ex = Assert.Throws<FormatException>(() => HadoopTrustStore.Load(HadoopConfig.Of(new Dictionary<string, string> { [HadoopTrustStore.LocationKey] = jks }, _dir)));
        Assert.Contains("keytool -exportcert -rfc", ex.Message, StringComparison.Ordinal);
        Assert.Contains(jks, ex.Message, StringComparison.Ordinal);

        var p12 = Path.Combine(_dir, "truststore.p12");
        using (var caCert = X509Certificate2.CreateFromPem(File.ReadAllText(ca)))
        {
            File.WriteAllBytes(p12, caCert.Export(X509ContentType.Pkcs12));
        }
        ex = Assert.Throws<FormatException>(() => HadoopTrustStore.Load(HadoopConfig.Of(new Dictionary<string, string> { [HadoopTrustStore.LocationKey] = p12 }, _dir)));
        Assert.Contains("openssl pkcs12", ex.Message, StringComparison.Ordinal);

        var empty = Path.Combine(_dir, "empty.pem");
        File.WriteAllText(empty, "no certificate here\n");
        ex = Assert.Throws<FormatException>(() => HadoopTrustStore.Load(HadoopConfig.Of(new Dictionary<string, string> { [HadoopTrustStore.LocationKey] = empty }, _dir)));
        Assert.Contains("no PEM certificate", ex.Message, StringComparison.Ordinal);

        Assert.Single(HadoopTrustStore.Load(HadoopConfig.Of(new Dictionary<string, string> { [HadoopTrustStore.LocationKey] = ca }, _dir))!);
        Assert.Null(HadoopTrustStore.Load(HadoopConfig.Empty));
    }

    [ToolFact("curl")]
    public void Curl_TrustsTheEmulatorWithTheCa_AndRefusesItWithout()
    {
        var (ca, cert, key) = MakeCertificates();
        var root = Directory.CreateDirectory(Path.Combine(_dir, "root")).FullName;
        File.WriteAllText(Path.Combine(root, "hello"), "hi");
        using var emulator = EmulatorProcess.WebHdfs("--root", root, "--tls-cert", cert, "--tls-key", key);
        var url = $"https://127.0.0.1:{emulator.Url.Port}/webhdfs/v1/hello?op=OPEN&user.name=flume";
        var (code, output) = Curl("-sS", "-L", "--cacert", ca, url);
        Assert.True(code == 0, output);
        Assert.Equal("hi", output);
        (code, output) = Curl("-sS", url);
        Assert.Equal(60, code); // curl: the peer's certificate cannot be verified with the known CAs
    }

    private static (int Code, string Output) Curl(params string[] args)
    {
        var psi = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var curl = Process.Start(psi)!;
        var stderr = curl.StandardError.ReadToEndAsync();
        var stdout = curl.StandardOutput.ReadToEnd();
        Assert.True(curl.WaitForExit(TimeSpan.FromSeconds(60)), "curl did not end");
        return (curl.ExitCode, stdout + stderr.Result);
    }

    private HadoopConfig HadoopConfigWith(string caPem)
    {
        var conf = Directory.CreateDirectory(Path.Combine(_dir, "hadoop-conf")).FullName;
        File.WriteAllText(Path.Combine(conf, "core-site.xml"), "<configuration/>");
        File.WriteAllText(Path.Combine(conf, "ssl-client.xml"), $"""
            <configuration>
              <property><name>ssl.client.truststore.location</name><value>{caPem}</value></property>
              <property><name>ssl.client.truststore.type</name><value>pem</value></property>
            </configuration>
            """);
        var hadoop = HadoopConfig.Find(conf, _ => null);
        Assert.Equal(caPem, hadoop.Get(HadoopTrustStore.LocationKey));
        return hadoop;
    }

    // A private CA and a server certificate it signed for 127.0.0.1 and localhost, as PEM files.
    private (string Ca, string Cert, string Key) MakeCertificates()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=FlumeNet test cluster CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var caCert = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        using var serverKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = request.Create(caCert, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(8));
        var ca = Path.Combine(_dir, "ca.pem");
        var cert = Path.Combine(_dir, "server.pem");
        var key = Path.Combine(_dir, "server.key");
        File.WriteAllText(ca, caCert.ExportCertificatePem());
        File.WriteAllText(cert, server.ExportCertificatePem());
        File.WriteAllText(key, serverKey.ExportPkcs8PrivateKeyPem());
        return (ca, cert, key);
    }
}
