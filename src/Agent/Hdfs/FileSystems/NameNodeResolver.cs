using System.Globalization;

namespace FlumeNet.Agent.Hdfs.FileSystems;

/// <summary>
/// Finds the WebHDFS (HTTP) addresses of the NameNode(s) behind a filesystem URI, as Hadoop's WebHDFS client does:
/// <c>webhdfs://host:port</c> and <c>swebhdfs://host:port</c> name them directly (default ports 9870 / 9871);
/// <c>hdfs://authority</c> is either an HA nameservice of <c>dfs.nameservices</c>, whose NameNodes
/// <c>dfs.ha.namenodes.NS</c> each have a <c>dfs.namenode.http-address.NS.ID</c>, or a NameNode host whose HTTP
/// address is <c>dfs.namenode.http-address</c> (its wildcard host replaced by the URI's host), else port 9870.
/// </summary>
public static class NameNodeResolver
{
    public const int DefaultHttpPort = 9870;
    public const int DefaultHttpsPort = 9871;

    /// <exception cref="InvalidOperationException">An HA nameservice lacks the addresses of its NameNodes.</exception>
    public static IReadOnlyList<Uri> Resolve(string scheme, string authority, HadoopConfig hadoop)
    {
        ArgumentNullException.ThrowIfNull(hadoop);
        var (host, port) = Split(authority);
        switch (scheme.ToLowerInvariant())
        {
            case "webhdfs":
                return [new Uri($"http://{host}:{port ?? DefaultHttpPort}")];
            case "swebhdfs":
                return [new Uri($"https://{host}:{port ?? DefaultHttpsPort}")];
        }
        var nameServices = (hadoop.Get("dfs.nameservices") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var https = string.Equals(hadoop.Get("dfs.http.policy"), "HTTPS_ONLY", StringComparison.OrdinalIgnoreCase);
        var addressKey = https ? "dfs.namenode.https-address" : "dfs.namenode.http-address";
        var urlScheme = https ? "https" : "http";
        if (Array.IndexOf(nameServices, host) >= 0)
        {
            var ids = (hadoop.Get($"dfs.ha.namenodes.{host}") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var result = new List<Uri>();
            foreach (var id in ids)
            {
                var address = hadoop.Get($"{addressKey}.{host}.{id}")
                    ?? throw new InvalidOperationException($"HA nameservice '{host}': {addressKey}.{host}.{id} is not set in {hadoop.Folder}/hdfs-site.xml");
                result.Add(new Uri($"{urlScheme}://{address}"));
            }
            if (result.Count == 0)
            {
                throw new InvalidOperationException($"HA nameservice '{host}': dfs.ha.namenodes.{host} lists no NameNodes in {hadoop.Folder}/hdfs-site.xml");
            }
            return result;
        }
        var configured = hadoop.Get($"{addressKey}.{host}") ?? hadoop.Get(addressKey);
        if (configured is not null)
        {
            var (confHost, confPort) = Split(configured);
            var useHost = confHost is "0.0.0.0" or "" || !string.Equals(confHost, host, StringComparison.OrdinalIgnoreCase) ? host : confHost;
            return [new Uri($"{urlScheme}://{useHost}:{confPort ?? (https ? DefaultHttpsPort : DefaultHttpPort)}")];
        }
        return [new Uri($"{urlScheme}://{host}:{(https ? DefaultHttpsPort : DefaultHttpPort)}")];
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
