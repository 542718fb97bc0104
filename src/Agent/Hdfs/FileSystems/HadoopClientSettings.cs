using System.Globalization;

namespace FlumeNet.Agent.Hdfs.FileSystems;

/// <summary>
/// The client-side keys of Hadoop's config that change how WebHDFS is spoken, read as Hadoop's client reads them:
/// <c>dfs.http.client.failover.*</c> (audit F5), <c>dfs.webhdfs.rest-csrf.*</c> (F6), <c>fs.permissions.umask-mode</c>,
/// <c>dfs.replication</c>, <c>dfs.blocksize</c>, <c>io.file.buffer.size</c> (F4), and the TLS trust of ssl-client.xml.
/// </summary>
public static class HadoopClientSettings
{
    /// <exception cref="FormatException">A key holds a value Hadoop would refuse too; the message names the key.</exception>
    public static WebHdfsSettings Apply(WebHdfsSettings settings, HadoopConfig hadoop)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(hadoop);
        var csrf = string.Equals(hadoop.Get("dfs.webhdfs.rest-csrf.enabled"), "true", StringComparison.OrdinalIgnoreCase);
        return settings with
        {
            MaxFailovers = (int)Number(hadoop, "dfs.http.client.failover.max.attempts", 15),
            FailoverSleepBase = TimeSpan.FromMilliseconds(Number(hadoop, "dfs.http.client.failover.sleep.base.millis", 500)),
            FailoverSleepMax = TimeSpan.FromMilliseconds(Number(hadoop, "dfs.http.client.failover.sleep.max.millis", 15000)),
            TrustedCertificates = HadoopTrustStore.Load(hadoop),
            CsrfHeader = csrf ? hadoop.Get("dfs.webhdfs.rest-csrf.custom-header") ?? "X-XSRF-HEADER" : null,
            Create = new CreateParameters(
                Convert.ToInt32("666", 8) & ~Umask(hadoop.Get("fs.permissions.umask-mode") ?? "022"),
                (short)Number(hadoop, "dfs.replication", 3),
                Size(hadoop, "dfs.blocksize", 128L * 1024 * 1024),
                (int)Number(hadoop, "io.file.buffer.size", 4096)),
        };
    }

    /// <summary>Hadoop's <c>FsPermission.getUMask</c>: octal (<c>022</c>) or symbolic (<c>u=rwx,g=rx,o=</c>, the bits kept).</summary>
    public static int Umask(string value)
    {
        var text = value.Trim();
        if (text.Length > 0 && text.All(c => c is >= '0' and <= '7'))
        {
            return Convert.ToInt32(text, 8) & 0x1FF;
        }
        var allowed = 0;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"fs.permissions.umask-mode: '{value}' is neither octal nor symbolic (u=rwx,g=rx,o=)");
            }
            var bits = 0;
            foreach (var c in part[(eq + 1)..])
            {
                bits |= c switch { 'r' => 4, 'w' => 2, 'x' => 1, _ => throw new FormatException($"fs.permissions.umask-mode: '{value}': unknown permission '{c}'") };
            }
            foreach (var who in part[..eq])
            {
                allowed |= who switch
                {
                    'u' => bits << 6,
                    'g' => bits << 3,
                    'o' => bits,
                    'a' => bits << 6 | bits << 3 | bits,
                    _ => throw new FormatException($"fs.permissions.umask-mode: '{value}': unknown class '{who}'"),
                };
            }
        }
        return ~allowed & 0x1FF;
    }

    private static long Number(HadoopConfig hadoop, string key, long fallback)
    {
        var value = hadoop.Get(key);
        if (value is null)
        {
            return fallback;
        }
        return long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw new FormatException($"{key}: '{value}' is not a number (in {hadoop.Folder})");
    }

    // Hadoop's getLongBytes: a number with an optional binary prefix k, m, g, t, p, e.
    private static long Size(HadoopConfig hadoop, string key, long fallback)
    {
        var value = hadoop.Get(key)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }
        var unit = char.ToLowerInvariant(value[^1]);
        var shift = unit switch { 'k' => 10, 'm' => 20, 'g' => 30, 't' => 40, 'p' => 50, 'e' => 60, _ => 0 };
        var digits = shift == 0 ? value : value[..^1];
        return long.TryParse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n << shift
            : throw new FormatException($"{key}: '{value}' is not a size (in {hadoop.Folder})");
    }
}
