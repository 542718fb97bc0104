using System.Security.Cryptography.X509Certificates;

namespace FlumeNet.Tools.WebHdfsEmulator.Hosting;

/// <summary>Loads a server certificate and its key from PEM files, in a form Kestrel's TLS can use on Linux.</summary>
public static class Tls
{
    public static X509Certificate2 Load(string certificatePem, string keyPem)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificatePem, keyPem);
        // A PEM key is ephemeral; SslStream on Linux wants the certificate with its key as a PKCS12 round trip.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
