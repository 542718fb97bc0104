using FlumeNet.Agent.Net;
using FlumeNet.Agent.Tests.AvroRpc;

namespace FlumeNet.Agent.Tests.Net;

public sealed class TlsStoresTests
{
    [Fact]
    public void LoadsPkcs12AndPem_WithTheirPrivateKey()
    {
        using var certs = new TestCertificates();
        Assert.True(TlsStores.LoadKeyStore(certs.KeyStore, certs.Password).HasPrivateKey);
        Assert.True(TlsStores.LoadKeyStore(certs.PemKeyStore, null).HasPrivateKey);
        Assert.Single(TlsStores.LoadTrustStore(certs.TrustStore, null));
    }

    [Fact]
    public void JksKeyStore_SaysHowToConvertItWithKeytool()
    {
        using var certs = new TestCertificates();
        var ex = Assert.Throws<FormatException>(() => TlsStores.LoadKeyStore(certs.JksKeyStore, "x"));
        Assert.Contains("keytool -importkeystore", ex.Message, StringComparison.Ordinal);
        Assert.Contains("-deststoretype PKCS12", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongPassword_IsAClearError_WithoutThePassword()
    {
        using var certs = new TestCertificates("s3cret-pw");
        var ex = Assert.Throws<FormatException>(() => TlsStores.LoadKeyStore(certs.KeyStore, "wrong-pw"));
        Assert.DoesNotContain("wrong-pw", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Protocols_FollowJavasIncludeExcludeRule()
    {
        Assert.Equal(System.Security.Authentication.SslProtocols.None, TlsStores.Protocols([], ["SSLv3"]));
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls12, TlsStores.Protocols([], ["SSLv3", "TLSv1.3"]));
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls13, TlsStores.Protocols(["TLSv1.3"], []));
        Assert.Throws<FormatException>(() => TlsStores.Protocols(["TLSv9"], []));
        Assert.Throws<FormatException>(() => TlsStores.CipherSuites(["TLS_NOPE"], []));
    }
}
