using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FlumeNet.Agent.Net;

namespace FlumeNet.Agent.Hdfs.FileSystems;

/// <summary>
/// The CA certificates a <c>swebhdfs://</c> (HTTPS) NameNode and its DataNodes are checked against, found where
/// Hadoop's client looks: <c>ssl.client.truststore.location</c> in <c>ssl-client.xml</c> of the Hadoop config folder.
/// Java keeps it as a JKS or PKCS12 keystore; this agent reads PEM certificates (one or more), and a keystore gives a
/// clear error saying how to export it as PEM. Without the key the system's trusted CAs are used, as .NET does.
/// </summary>
public static class HadoopTrustStore
{
    public const string LocationKey = "ssl.client.truststore.location";

    /// <returns>The certificates to trust (a custom root store), or null for the system's.</returns>
    /// <exception cref="FormatException">The file is missing, a keystore, or holds no certificate; the message names the key and the fix.</exception>
    public static X509Certificate2Collection? Load(HadoopConfig hadoop)
    {
        ArgumentNullException.ThrowIfNull(hadoop);
        var location = hadoop.Get(LocationKey);
        if (string.IsNullOrWhiteSpace(location))
        {
            return null;
        }
        var where = $"{LocationKey} '{location}' (ssl-client.xml in {hadoop.Folder})";
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(location);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"{where} cannot be read: {ex.Message}", ex);
        }
        var jks = TlsStores.IsJavaKeyStore(bytes);
        if (jks || IsDer(bytes))
        {
            var type = jks ? "a Java keystore (JKS)" : "a PKCS12 or DER file";
            throw new FormatException(
                $"{where} is {type}; this agent reads the CA certificates as PEM. Export them and point {LocationKey} at the PEM file: " +
                $"keytool -exportcert -rfc -alias <alias> -keystore {location} -file ca.pem " +
                $"(or, for PKCS12: openssl pkcs12 -in {location} -nokeys -out ca.pem)");
        }
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(System.Text.Encoding.ASCII.GetString(bytes));
        }
        catch (CryptographicException ex)
        {
            throw new FormatException($"{where} holds a certificate that cannot be read: {ex.Message}", ex);
        }
        return certificates.Count > 0 ? certificates
            : throw new FormatException($"{where} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }

    // PKCS12 and DER certificates are an ASN.1 SEQUENCE.
    private static bool IsDer(byte[] b) => b.Length >= 2 && b[0] == 0x30 && b[1] >= 0x80;
}
