using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FlumeNet.Agent.Tests.AvroRpc;

/// <summary>A self-signed server certificate written as PKCS#12 and as PEM (certificate + key), for TLS tests.</summary>
internal sealed class TestCertificates : IDisposable
{
    // One RSA key per test run: generating it is the expensive part, exporting it per test is cheap.
    private static readonly Lazy<X509Certificate2> Shared = new(Create);

    public TestCertificates(string password = "changeit")
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("flumenet-tls-").FullName;
        Password = password;
        var cert = Shared.Value;
        KeyStore = Path.Combine(Directory, "server.p12");
        File.WriteAllBytes(KeyStore, cert.Export(X509ContentType.Pkcs12, password));
        PemKeyStore = Path.Combine(Directory, "server.pem");
        File.WriteAllText(PemKeyStore, cert.ExportCertificatePem() + "\n" + cert.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n");
        TrustStore = Path.Combine(Directory, "trust.pem");
        File.WriteAllText(TrustStore, cert.ExportCertificatePem() + "\n");
        JksKeyStore = Path.Combine(Directory, "server.jks");
        File.WriteAllBytes(JksKeyStore, [0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2]);
    }

    private static X509Certificate2 Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=flumenet-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12, "x"), "x", X509KeyStorageFlags.Exportable);
    }

    public string Directory { get; }

    public string Password { get; }

    public string KeyStore { get; }

    public string PemKeyStore { get; }

    public string TrustStore { get; }

    public string JksKeyStore { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
