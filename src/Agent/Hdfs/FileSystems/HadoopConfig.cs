using System.Xml;

namespace FlumeNet.Agent.Hdfs.FileSystems;

/// <summary>
/// Reads Hadoop's <c>core-site.xml</c> and <c>hdfs-site.xml</c> from the first folder that has them: <c>--conf</c>,
/// <c>$HADOOP_CONF_DIR</c>, <c>$HADOOP_HOME/etc/hadoop</c>, <c>/etc/hadoop/conf</c> (Hadoop's own search, DESIGN.md).
/// The client's TLS settings come from the same folder's <c>ssl-client.xml</c> (or the file <c>hadoop.ssl.client.conf</c>
/// names), as Hadoop's client reads them for <c>swebhdfs://</c>.
/// </summary>
public sealed class HadoopConfig
{
    private readonly Dictionary<string, string> _values;

    private HadoopConfig(Dictionary<string, string> values, string? folder)
    {
        _values = values;
        Folder = folder;
    }

    public static HadoopConfig Empty { get; } = new([], null);

    /// <summary>The folder the files came from, or null when none was found.</summary>
    public string? Folder { get; }

    public string? Get(string key) => _values.GetValueOrDefault(key);

    /// <summary>A config of the given keys (tests).</summary>
    internal static HadoopConfig Of(IReadOnlyDictionary<string, string> values, string folder) => new(new Dictionary<string, string>(values, StringComparer.Ordinal), folder);

    public static HadoopConfig Find(string? confDir, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var home = environment("HADOOP_HOME");
        string?[] candidates = [confDir, environment("HADOOP_CONF_DIR"), home is null ? null : Path.Combine(home, "etc", "hadoop"), "/etc/hadoop/conf"];
        foreach (var dir in candidates)
        {
            if (dir is not null && (File.Exists(Path.Combine(dir, "core-site.xml")) || File.Exists(Path.Combine(dir, "hdfs-site.xml"))))
            {
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                Load(Path.Combine(dir, "core-site.xml"), values);
                Load(Path.Combine(dir, "hdfs-site.xml"), values);
                Load(Path.Combine(dir, values.GetValueOrDefault("hadoop.ssl.client.conf") ?? "ssl-client.xml"), values);
                return new HadoopConfig(values, dir);
            }
        }
        return Empty;
    }

    private static void Load(string file, Dictionary<string, string> values)
    {
        if (!File.Exists(file))
        {
            return;
        }
        var doc = new XmlDocument { XmlResolver = null };
        using (var reader = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore }))
        {
            doc.Load(reader);
        }
        foreach (XmlNode property in doc.GetElementsByTagName("property"))
        {
            var name = property["name"]?.InnerText.Trim();
            var value = property["value"]?.InnerText.Trim();
            if (!string.IsNullOrEmpty(name) && value is not null)
            {
                values[name] = value;
            }
        }
    }
}
