using System.Security.Cryptography;
using System.Text;

namespace FlumeNet.Agent.Sinks.Hdfs;

/// <summary>
/// The tag an HDFS sink puts in its in-use names: 8 hex digits of SHA-256 over host name, agent name and sink name.
/// It is the same at every start of that sink on that host (so it finds its own crash leftovers) and differs between
/// sinks, agents and hosts sharing a directory and prefix (so none finishes another's file). Java Flume's in-use files
/// carry no tag and are never touched.
/// </summary>
public static class WriterIdentity
{
    public static string Tag(string hostName, string agentName, string sinkName)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(hostName + "\n" + agentName + "\n" + sinkName));
        return Convert.ToHexStringLower(hash, 0, 4);
    }
}
