namespace FlumeNet.Agent.Tests.Hdfs.Kerberos;

/// <summary>A test that needs a real MIT KDC (<see cref="TestKdc"/>) and curl; skipped with the reason when they are missing.</summary>
public sealed class KerberosFactAttribute : FactAttribute
{
    public KerberosFactAttribute()
    {
        if (TestKdc.MissingReason is { } reason)
        {
            Skip = reason;
        }
        else if (!File.Exists("/usr/bin/curl"))
        {
            Skip = "curl is not installed";
        }
    }
}
