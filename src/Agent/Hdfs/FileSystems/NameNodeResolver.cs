using System.Globalization;

namespace FlumeNet.Agent.Hdfs.FileSystems;

/// <summary>
/// Finds the WebHDFS (HTTP) addresses of the NameNode(s) behind a filesystem URI, as Hadoop's WebHDFS client does:
/// an authority that is an HA nameservice of <c>dfs.nameservices</c> (for <c>hdfs://</c>, <c>webhdfs://</c> and
/// <c>swebhdfs://</c> alike) lists the NameNodes <c>dfs.ha.namenodes.NS</c>, each with its
/// <c>dfs.namenode.http(s)-address.NS.ID</c>; <c>webhdfs://host:port</c> names one directly; <c>hdfs://host</c> takes
/// <c>dfs.namenode.http-address</c> (its wildcard host replaced by the URI's host). Where the port is only guessed
/// (Hadoop 3's 9870 / 9871), Hadoop 2's 50070 / 50470 follows as a second address, tried when the first refuses.
/// </summary>
public static class NameNodeResolver
{
    public const int DefaultHttpPort = 9870;
    public const int DefaultHttpsPort = 9871;
    public const int Hadoop2HttpPort = 50070;
    public const int Hadoop2HttpsPort = 50470;

    /// <exception cref="InvalidOperationException">An HA nameservice lacks the addresses of its NameNodes.</exception>
    public static IReadOnlyList<Uri> Resolve(string scheme, string authority, HadoopConfig hadoop) => Explain(scheme, authority, hadoop).NameNodes;

    /// <summary>The addresses and why they are these (for logs, <c>--check</c> and <c>migrate</c>).</summary>
    /// <exception cref="InvalidOperationException">An HA nameservice lacks the addresses of its NameNodes.</exception>
    public static (IReadOnlyList<Uri> NameNodes, string Reason) Explain(string scheme, string authority, HadoopConfig hadoop)
    {
        ArgumentNullException.ThrowIfNull(hadoop);
        var (host, port) = Split(authority);
        var kind = scheme.ToLowerInvariant();
        var where = hadoop.Folder is null ? "no Hadoop config found" : $"{hadoop.Folder}/hdfs-site.xml";
        var nameServices = (hadoop.Get("dfs.nameservices") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var https = kind == "swebhdfs" || (kind == "hdfs" && string.Equals(hadoop.Get("dfs.http.policy"), "HTTPS_ONLY", StringComparison.OrdinalIgnoreCase));
        var addressKey = https ? "dfs.namenode.https-address" : "dfs.namenode.http-address";
        var urlScheme = https ? "https" : "http";
        var guessedPort = https ? DefaultHttpsPort : DefaultHttpPort;
        var hadoop2Port = https ? Hadoop2HttpsPort : Hadoop2HttpPort;
        if (port is null && Array.IndexOf(nameServices, host) >= 0)
        {
            var ids = (hadoop.Get($"dfs.ha.namenodes.{host}") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var result = new List<Uri>();
            foreach (var id in ids)
            {
                var address = hadoop.Get($"{addressKey}.{host}.{id}")
                    ?? throw new InvalidOperationException($"HA nameservice '{host}': {addressKey}.{host}.{id} is not set in {where}");
                result.Add(new Uri($"{urlScheme}://{address}"));
            }
            if (result.Count == 0)
            {
                throw new InvalidOperationException($"HA nameservice '{host}': dfs.ha.namenodes.{host} lists no NameNodes in {where}");
            }
            return (result, $"HA nameservice '{host}' (dfs.ha.namenodes.{host} and {addressKey}.{host}.* in {where})");
        }
        if (kind is "webhdfs" or "swebhdfs")
        {
            return port is { } given
                ? ([new Uri($"{urlScheme}://{host}:{given}")], $"the {kind}:// URI names the NameNode's HTTP address")
                : ([new Uri($"{urlScheme}://{host}:{guessedPort}"), new Uri($"{urlScheme}://{host}:{hadoop2Port}")],
                    $"the {kind}:// URI has no port: Hadoop 3's {guessedPort}, then Hadoop 2's {hadoop2Port} when it refuses");
        }
        var configured = hadoop.Get($"{addressKey}.{host}") ?? hadoop.Get(addressKey);
        if (configured is not null)
        {
            var (confHost, confPort) = Split(configured);
            var useHost = confHost is "0.0.0.0" or "" || !string.Equals(confHost, host, StringComparison.OrdinalIgnoreCase) ? host : confHost;
            return ([new Uri($"{urlScheme}://{useHost}:{confPort ?? guessedPort}")], $"{addressKey} in {where}");
        }
        return ([new Uri($"{urlScheme}://{host}:{guessedPort}"), new Uri($"{urlScheme}://{host}:{hadoop2Port}")],
            $"{addressKey} is not set ({where}): Hadoop 3's port {guessedPort}, then Hadoop 2's {hadoop2Port} when it refuses");
    }

    private static (string Host, int? Port) Split(string authority)
    {
        var colon = authority.LastIndexOf(':');
        if (colon > 0 && int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return (authority[..colon], port);
        }
        return (authority, null);
    }
}
