using System.Globalization;
using FlumeNet.ConfigParser.Validation;

namespace FlumeNet.Agent.Migration;

/// <summary>
/// Translates flume-env.sh: the Hadoop config folder becomes <c>HADOOP_CONF_DIR</c>, <c>-D</c> flags FlumeNet reads
/// (<c>flume.monitoring.*</c>, logging, <c>propertiesImplementation</c>, keys the config reads with <c>${sys:…}</c>) are
/// kept as flags, heap and GC options are listed as not needed, and Java classpath entries as not applicable.
/// </summary>
public static partial class EnvMigration
{
    private static readonly string[] PassedFlags =
    [
        "flume.root.logger", "flume.log.dir", "flume.log.file", "propertiesImplementation",
        "org.apache.flume.log.rawdata", "org.apache.flume.log.printconfig", "flume.strict",
    ];

    private static readonly string[] JvmOnlyVariables = ["JAVA_HOME", "JAVA", "FLUME_HOME", "FLUME_CONF_DIR", "JAVA_LIBRARY_PATH", "LD_LIBRARY_PATH"];

    private static readonly string[] OtherProductHomes = ["HIVE_HOME", "HCAT_HOME", "HBASE_HOME", "ZOOKEEPER_HOME", "SPARK_HOME"];

    private static readonly string[] ClasspathVariables = ["FLUME_CLASSPATH", "HADOOP_CLASSPATH", "CLASSPATH"];

    public static EnvPlan Plan(EnvFile? file, IReadOnlySet<string> sysPropertiesRead)
    {
        ArgumentNullException.ThrowIfNull(sysPropertiesRead);
        var plan = new EnvPlan { SourceFile = file?.Path, SkippedLines = file?.SkippedLines ?? [] };
        if (file is null)
        {
            return plan;
        }
        var effective = file.Effective();
        var hasConfDir = effective.Any(a => a.Name == "HADOOP_CONF_DIR");
        foreach (var a in effective)
        {
            Classify(plan, a, hasConfDir, sysPropertiesRead);
        }
        return plan;
    }

    private static void Classify(EnvPlan plan, ShellAssignment a, bool hasConfDir, IReadOnlySet<string> sysRead)
    {
        switch (a.Name)
        {
            case "HADOOP_CONF_DIR":
                plan.AddVariable(a.Name, a.Value, "where FlumeNet's HDFS sink reads core-site.xml and hdfs-site.xml (fs.defaultFS)", a.Line);
                return;
            case "HADOOP_HOME":
                if (!hasConfDir)
                {
                    plan.AddVariable("HADOOP_CONF_DIR", a.Value.TrimEnd('/') + "/etc/hadoop",
                        "from HADOOP_HOME: FlumeNet needs only Hadoop's config folder, not its jars", a.Line);
                }
                else
                {
                    plan.Items.Add(new EnvItem(EnvItemKind.NotNeeded, a.Name, "HADOOP_CONF_DIR is set: FlumeNet needs only Hadoop's config folder", a.Line));
                }
                return;
            case "JAVA_OPTS":
                foreach (var token in Tokens(a.Value))
                {
                    ClassifyJvmOption(plan, token, a.Line, sysRead);
                }
                return;
            case "TZ":
                plan.AddVariable(a.Name, a.Value, "the local time zone of the HDFS sink's time escapes", a.Line);
                return;
            default:
                break;
        }
        if (ClasspathVariables.Contains(a.Name))
        {
            foreach (var entry in a.Value.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                plan.Items.Add(new EnvItem(EnvItemKind.NotApplicable, $"{a.Name} {entry}", ClasspathWhy(entry), a.Line));
            }
            return;
        }
        if (JvmOnlyVariables.Contains(a.Name))
        {
            plan.Items.Add(new EnvItem(EnvItemKind.NotNeeded, a.Name, "FlumeNet runs on .NET: no JVM, no Flume install folder", a.Line));
            return;
        }
        if (OtherProductHomes.Contains(a.Name))
        {
            plan.Items.Add(new EnvItem(EnvItemKind.NotApplicable, a.Name,
                "Flume's launcher adds that product's Java classpath; FlumeNet loads no Java code (Hive and HBase sinks are not planned)", a.Line));
            return;
        }
        if (SecretKeys.LooksSecret(a.Name) || AccessKeyAbbreviation().IsMatch(a.Name))
        {
            // Listed once, as a variable to set: its value is never copied.
            plan.Secrets.Add(new SecretVariable(a.Name, $"a credential exported by {Path.GetFileName(plan.SourceFile)} line {a.Line} (not copied)"));
            return;
        }
        if (a.Exported)
        {
            plan.AddVariable(a.Name, a.Value, "exported to Flume's process; configs may read it with ${env:…}", a.Line);
            return;
        }
        plan.Items.Add(new EnvItem(EnvItemKind.NotApplicable, a.Name, "not exported: only Flume's launcher script saw it", a.Line));
    }

    private static void ClassifyJvmOption(EnvPlan plan, string token, int line, IReadOnlySet<string> sysRead)
    {
        if (token.StartsWith("-D", StringComparison.Ordinal))
        {
            var body = token[2..];
            var eq = body.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? body : body[..eq];
            var value = eq < 0 ? string.Empty : body[(eq + 1)..];
            ClassifyProperty(plan, token, key, value, line, sysRead);
            return;
        }
        if (token.StartsWith("-Xmx", StringComparison.Ordinal))
        {
            plan.MaxHeapBytes = ParseJvmSize(token[4..]);
        }
        var (kind, why) = token switch
        {
            _ when token.StartsWith("-Xm", StringComparison.Ordinal) || token.StartsWith("-Xss", StringComparison.Ordinal) =>
                (EnvItemKind.NotNeeded, "JVM heap size: the .NET runtime sizes its heap itself"),
            _ when token.StartsWith("-XX:", StringComparison.Ordinal) => (EnvItemKind.NotNeeded, "JVM tuning (GC, heap dumps): no JVM here"),
            _ when token.StartsWith("-Xloggc", StringComparison.Ordinal) || token.StartsWith("-verbose:gc", StringComparison.Ordinal) =>
                (EnvItemKind.NotNeeded, "JVM GC logging: no JVM here"),
            "-server" or "-client" => (EnvItemKind.NotNeeded, "JVM mode: no JVM here"),
            _ when token.StartsWith("-javaagent", StringComparison.Ordinal) || token.StartsWith("-agent", StringComparison.Ordinal) =>
                (EnvItemKind.NotApplicable, "a Java agent (e.g. a JMX exporter): -Dflume.monitoring.type=http serves /metrics as JSON and Prometheus text"),
            _ => (EnvItemKind.NotApplicable, "a JVM option without meaning for .NET"),
        };
        plan.Items.Add(new EnvItem(kind, token, why, line));
    }

    private static void ClassifyProperty(EnvPlan plan, string token, string key, string value, int line, IReadOnlySet<string> sysRead)
    {
        if (SecretKeys.LooksSecret(key))
        {
            plan.Items.Add(new EnvItem(EnvItemKind.Secret, $"-D{key}={SecretKeys.Mask}", "a credential in a JVM property; FlumeNet does not read it (value not copied)", line));
            return;
        }
        if (key.StartsWith("flume.monitoring.", StringComparison.Ordinal))
        {
            plan.AddFlag(key, value, "FlumeNet's monitoring reads the same flag", line);
            return;
        }
        if (PassedFlags.Contains(key))
        {
            plan.AddFlag(key, value, "FlumeNet reads the same flag", line);
            return;
        }
        if (sysRead.Contains(key))
        {
            plan.AddFlag(key, value, "the config reads it with ${sys:…}", line);
            return;
        }
        if (key == "user.timezone")
        {
            plan.AddVariable("TZ", value, "from -Duser.timezone: .NET takes the local time zone from TZ", line);
            return;
        }
        var why = key switch
        {
            _ when key.StartsWith("com.sun.management.jmxremote", StringComparison.Ordinal) =>
                "JMX is a JVM facility: -Dflume.monitoring.type=http serves the same counters at /metrics",
            _ when key.StartsWith("log4j", StringComparison.Ordinal) => "log4j is replaced by nlog.config in the -c folder",
            _ when key.StartsWith("javax.net.ssl.", StringComparison.Ordinal) => "a JVM-wide TLS store: set the component's own ssl options",
            _ when key.Contains("krb5", StringComparison.Ordinal) || key.Contains("kerberos", StringComparison.OrdinalIgnoreCase) =>
                "Kerberos is not supported by FlumeNet",
            _ => "a JVM system property that no FlumeNet component reads",
        };
        plan.Items.Add(new EnvItem(EnvItemKind.NotApplicable, token, why, line));
    }

    private static string ClasspathWhy(string entry)
    {
        var e = entry.ToLowerInvariant();
        return e switch
        {
            _ when e.Contains("jindo", StringComparison.Ordinal) =>
                "JindoSDK, the Java Hadoop filesystem behind oss:// paths: FlumeNet cannot load it, so oss:// is not supported",
            _ when e.Contains("aliyun-log-flume", StringComparison.Ordinal) || e.Contains("loghub", StringComparison.Ordinal) =>
                "the aliyun-log-flume plug-in: FlumeNet recognises its class names and has its own implementation status (see the components)",
            _ when e.Contains("hive", StringComparison.Ordinal) || e.Contains("hcatalog", StringComparison.Ordinal) => "Hive jars: the Hive sink is not planned",
            _ when e.Contains("hbase", StringComparison.Ordinal) => "HBase jars: the HBase sinks are not planned",
            _ when e.Contains("kafka", StringComparison.Ordinal) => "Kafka client jars: FlumeNet's Kafka components need no jars",
            _ when e.Contains("hadoop", StringComparison.Ordinal) => "Hadoop client jars: FlumeNet reaches HDFS without them",
            _ => "Java jars or classes: FlumeNet loads no Java code",
        };
    }

    // Alibaba Cloud writes AccessKey pairs as AK/SK: SLS_AK, OSS_SK, ALIYUN_AK_SECRET.
    [System.Text.RegularExpressions.GeneratedRegex("(^|_)(AK|SK)(_|$)")]
    private static partial System.Text.RegularExpressions.Regex AccessKeyAbbreviation();

    /// <summary>Whitespace-separated JVM options, honouring quotes inside the already-expanded value.</summary>
    public static IReadOnlyList<string> Tokens(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var tokens = new List<string>();
        var sb = new System.Text.StringBuilder();
        var quote = '\0';
        foreach (var c in value)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (sb.Length > 0)
                {
                    tokens.Add(sb.ToString());
                    sb.Clear();
                }
            }
            else
            {
                sb.Append(c);
            }
        }
        if (sb.Length > 0)
        {
            tokens.Add(sb.ToString());
        }
        return tokens;
    }

    public static long? ParseJvmSize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return null;
        }
        var unit = char.ToLowerInvariant(text[^1]);
        var factor = unit switch
        {
            'k' => 1024L,
            'm' => 1024L * 1024,
            'g' => 1024L * 1024 * 1024,
            't' => 1024L * 1024 * 1024 * 1024,
            _ => 1L,
        };
        var digits = factor == 1 ? text : text[..^1];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n * factor : null;
    }
}
