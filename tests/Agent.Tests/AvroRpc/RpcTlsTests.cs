using FlumeNet.Agent.AvroRpc;

namespace FlumeNet.Agent.Tests.AvroRpc;

public sealed class RpcTlsTests
{
    [Fact]
    public void LoadsPkcs12AndPem_WithTheirPrivateKey()
    {
        using var certs = new TestCertificates();
        Assert.True(RpcTls.LoadKeyStore(certs.KeyStore, certs.Password).HasPrivateKey);
        Assert.True(RpcTls.LoadKeyStore(certs.PemKeyStore, null).HasPrivateKey);
        Assert.Single(RpcTls.LoadTrustStore(certs.TrustStore, null));
    }

    [Fact]
    public void JksKeyStore_SaysHowToConvertItWithKeytool()
    {
        using var certs = new TestCertificates();
        var ex = Assert.Throws<FormatException>(() => RpcTls.LoadKeyStore(certs.JksKeyStore, "x"));
        Assert.Contains("keytool -importkeystore", ex.Message, StringComparison.Ordinal);
        Assert.Contains("-deststoretype PKCS12", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongPassword_IsAClearError_WithoutThePassword()
    {
        using var certs = new TestCertificates("s3cret-pw");
        var ex = Assert.Throws<FormatException>(() => RpcTls.LoadKeyStore(certs.KeyStore, "wrong-pw"));
        Assert.DoesNotContain("wrong-pw", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Protocols_FollowJavasIncludeExcludeRule()
    {
        Assert.Equal(System.Security.Authentication.SslProtocols.None, RpcTls.Protocols([], ["SSLv3"]));
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls12, RpcTls.Protocols([], ["SSLv3", "TLSv1.3"]));
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls13, RpcTls.Protocols(["TLSv1.3"], []));
        Assert.Throws<FormatException>(() => RpcTls.Protocols(["TLSv9"], []));
        Assert.Throws<FormatException>(() => RpcTls.CipherSuites(["TLS_NOPE"], []));
    }
}
