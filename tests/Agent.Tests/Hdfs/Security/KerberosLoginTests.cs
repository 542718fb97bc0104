using System.Net;
using FlumeNet.Agent.Hdfs.Security;

namespace FlumeNet.Agent.Tests.Hdfs.Security;

public sealed class KerberosLoginTests
{
    [Fact]
    public void Host_placeholder_becomes_the_canonical_host_name_in_lower_case()
    {
        var expected = Dns.GetHostEntry(Dns.GetHostName()).HostName.ToLowerInvariant();
        Assert.Equal($"flume/{expected}@EXAMPLE.COM", KerberosLogin.ExpandHost("flume/_HOST@EXAMPLE.COM"));
        Assert.Equal("flume/nn1@EXAMPLE.COM", KerberosLogin.ExpandHost("flume/nn1@EXAMPLE.COM"));
        Assert.Equal("flume@EXAMPLE.COM", KerberosLogin.ExpandHost("flume@EXAMPLE.COM"));
    }

    [Fact]
    public void A_missing_key_or_keytab_is_named()
    {
        Assert.Contains("hdfs.kerberosKeytab must be set", Assert.Throws<InvalidOperationException>(() => KerberosLogin.LogIn("flume/x@R", null)).Message, StringComparison.Ordinal);
        Assert.Contains("hdfs.kerberosPrincipal must be set", Assert.Throws<InvalidOperationException>(() => KerberosLogin.LogIn(" ", "/k")).Message, StringComparison.Ordinal);
        var missing = Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N") + ".keytab");
        var error = Assert.Throws<InvalidOperationException>(() => KerberosLogin.LogIn("flume/x@R", missing)).Message;
        Assert.StartsWith("hdfs.kerberosKeytab: keytab " + missing + " does not exist", error, StringComparison.Ordinal);
    }
}
