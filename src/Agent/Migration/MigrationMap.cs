using FlumeNet.Agent.Hdfs.FileSystems;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Migration;

/// <summary>One row of the mapping table: what a Flume or EMR setting becomes in FlumeNet, and why.</summary>
public sealed record MappingRow(string Area, string From, string To, string Status, string Why);

/// <summary>An EMR LogHubSource key and its aliyun-log-flume LoghubSource counterpart (null: none).</summary>
public sealed record LogHubKeyPair(string? Emr, string? Aliyun, string Note)
{
    /// <summary>Renamed automatically when written on the other class: same meaning, values mapped by <see cref="Values"/>.</summary>
    public bool AutoRename { get; init; }

    /// <summary>EMR value → aliyun-log-flume value, for enumerations.</summary>
    public IReadOnlyDictionary<string, string>? Values { get; init; }
}

/// <summary>How the HDFS sink treats a path scheme.</summary>
public sealed record PathScheme(string Scheme, bool PlugIn, string Why);

/// <summary>
/// The one table of class names and keys a migration needs: component types (from the registry, with EMR,
/// aliyun-log-flume, Hive, HBase and Kafka notes), the two LogHub sources' keys, HDFS path schemes, flume-env.sh
/// settings, and Java logger names. The report renders it; the rewriter and the analyzer read it.
/// </summary>
public static class MigrationMap
{
    public const string EmrLogHubSource = "org.apache.flume.source.loghub.LogHubSource";
    public const string AliyunLogHubSource = "com.aliyun.loghub.flume.source.LoghubSource";
    public const string AliyunLogHubSink = "com.aliyun.loghub.flume.sink.LoghubSink";

    private const string HiveWhy = "Hive streaming writes ORC ACID deltas through Hive's Java API and metastore; "
        + "write with the HDFS sink and load into Hive from there (external table or INSERT … SELECT)";

    private const string HBaseWhy = "HBase needs its Java client (ZooKeeper and region-server RPC); write to HDFS or Kafka and load from there";

    public static IReadOnlyList<LogHubKeyPair> LogHubKeys { get; } =
    [
        new("endpoint", "endpoint", "same key"),
        new("project", "project", "same key"),
        new("logstore", "logstore", "same key"),
        new("accessKeyId", "accessKeyId", "same key"),
        new("accessKey", "accessKey", "same key; secret"),
        new("consumerGroup", "consumerGroup", "same key; the default differs: consumer_1 on EMR, the local host name in aliyun-log-flume"),
        new("consumerPosition", "initialPosition", "where a new consumer group starts: begin, end, special ↔ begin, end, timestamp; the default differs: end on EMR, begin in aliyun-log-flume")
        {
            AutoRename = true,
            Values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["begin"] = "begin", ["end"] = "end", ["special"] = "timestamp" },
        },
        new("startTime", "timestamp", "start time in unix seconds, with special / timestamp") { AutoRename = true },
        new("heartbeatInterval", "heartbeatIntervalMs", "milliseconds between consumer-group heartbeats") { AutoRename = true },
        new("useRecordTime", "useRecordTime", "same key: the timestamp header from the log's time"),
        new("fetchInOrder", "fetchInOrder", "same key"),
        new("batchSize", "batchSize", "same key, other unit: events per channel transaction on EMR, log groups per pull in aliyun-log-flume"),
        new("batchDurationMillis", null, "no counterpart: aliyun-log-flume writes each pull as it comes"),
        new("backoffSleepIncrement", null, "no counterpart: aliyun-log-flume pulls every fetchIntervalMs"),
        new("maxBackoffSleep", null, "no counterpart: aliyun-log-flume pulls every fetchIntervalMs"),
        new(null, "fetchIntervalMs", "no EMR counterpart"),
        new(null, "deserializer", "DELIMITED or JSON body; EMR writes each log as JSON"),
        new(null, "columns", "DELIMITED: fields written (required there)"),
        new(null, "separatorChar, quoteChar, escapeChar, lineEnd", "DELIMITED formatting"),
        new(null, "timeAsField, tagAsField, sourceAsField, topicAsField", "JSON: extra fields"),
        new(null, "query, processor", "SPL on the server: ignored by FlumeNet"),
        new(null, "maxRetry", "attempts to write a batch to the channels"),
    ];

    public static IReadOnlyList<PathScheme> HdfsSchemes { get; } =
    [
        new("oss", true, "OSS / OSS-HDFS through JindoSDK, a Java Hadoop filesystem loaded from FLUME_CLASSPATH; FlumeNet cannot load Java plug-ins"),
        new("jfs", true, "JindoFS through JindoSDK, a Java Hadoop filesystem; FlumeNet cannot load Java plug-ins"),
        new("s3a", true, "Hadoop's S3A connector is a Java plug-in; FlumeNet cannot load it"),
        new("s3n", true, "Hadoop's S3 connector is a Java plug-in; FlumeNet cannot load it"),
        new("s3", true, "Hadoop's S3 connector is a Java plug-in; FlumeNet cannot load it"),
        new("obs", true, "Huawei OBS is a Java Hadoop plug-in; FlumeNet cannot load it"),
        new("cosn", true, "Tencent COS is a Java Hadoop plug-in; FlumeNet cannot load it"),
        new("viewfs", true, "ViewFs mount tables are resolved by the Java HDFS client; name the namenode instead"),
    ];

    /// <summary>Java logger name prefixes and the FlumeNet logger names they become; null: no counterpart, with why.</summary>
    public static IReadOnlyList<(string Java, string? FlumeNet, string Why)> LoggerNames { get; } =
    [
        ("org.apache.flume.sink.hdfs", "FlumeNet.Agent.Sinks.Hdfs*", "the HDFS sink"),
        ("org.apache.flume.sink", "FlumeNet.Agent.Sinks*", "sinks"),
        ("org.apache.flume.source", "FlumeNet.Agent.Sources*", "sources"),
        ("org.apache.flume.channel", "FlumeNet.Agent.Channels*", "channels"),
        ("org.apache.flume.interceptor", "FlumeNet.Agent.Interceptors*", "interceptors"),
        ("org.apache.flume.serialization", "FlumeNet.Agent.Serializers*", "serializers"),
        ("org.apache.flume.lifecycle", "FlumeNet.Agent.Hosting*", "start, stop and supervision"),
        ("org.apache.flume.node", "FlumeNet.Agent.Hosting*", "start, stop and supervision"),
        ("org.apache.flume.conf", "FlumeNet.Agent.Hosting*", "configuration loading"),
        ("org.apache.flume.instrumentation", "FlumeNet.Agent.Monitoring*", "metrics"),
        ("org.apache.flume", "FlumeNet.*", "all of FlumeNet"),
        ("org.apache.hadoop.hive", null, "Hive is not planned"),
        ("org.apache.hadoop.hbase", null, "HBase is not planned"),
        ("org.apache.hadoop", "FlumeNet.Agent.Hdfs*", "FlumeNet's own HDFS client"),
        ("org.apache.kafka", null, "the Java Kafka client is not part of FlumeNet"),
        ("org.apache.avro", null, "a Java library FlumeNet does not contain"),
        ("org.apache.zookeeper", null, "a Java library FlumeNet does not contain"),
        ("org.jboss", null, "a Java library FlumeNet does not contain"),
        ("org.mortbay", null, "a Java library FlumeNet does not contain"),
        ("org.eclipse.jetty", null, "a Java library FlumeNet does not contain"),
        ("io.netty", null, "a Java library FlumeNet does not contain"),
        ("com.aliyun", null, "Alibaba Cloud's Java SDKs are not part of FlumeNet"),
    ];

    private static readonly (string From, string To)[] EnvRows =
    [
        ("HADOOP_CONF_DIR", "HADOOP_CONF_DIR (flumenet.env)"),
        ("HADOOP_HOME", "HADOOP_CONF_DIR=$HADOOP_HOME/etc/hadoop (flumenet.env)"),
        ("JAVA_OPTS -Dflume.monitoring.*", "the same -D flags ($FLUMENET_AGENT_FLAGS)"),
        ("JAVA_OPTS -Dflume.root.logger, -Dflume.log.dir, -Dflume.log.file", "the same -D flags"),
        ("JAVA_OPTS -DpropertiesImplementation=…EnvVarResolverProperties", "the same -D flag (${NAME} reads the environment)"),
        ("JAVA_OPTS -Duser.timezone", "TZ (flumenet.env)"),
        ("JAVA_OPTS -Xmx, -Xms, -XX:…, -Xloggc", "not needed: .NET sizes its own heap"),
        ("JAVA_OPTS -Dcom.sun.management.jmxremote…, -javaagent", "not applicable: -Dflume.monitoring.type=http serves /metrics"),
        ("FLUME_CLASSPATH, HADOOP_CLASSPATH (JindoSDK, plug-in jars)", "not applicable: FlumeNet loads no Java code"),
        ("JAVA_HOME, FLUME_HOME", "not needed"),
        ("other exported variables", "the same variable (secrets listed without value)"),
    ];

    private static readonly (string From, string To)[] ConversionRows =
    [
        ("%d, %d{ISO8601}, %d{pattern}", "${date:format=…} (Java letters mapped: SSS → fff, EEE → ddd, a → tt)"),
        ("%p, %-5p, %level", "${level:uppercase=true} (:padding=-5)"),
        ("%t, %thread", "${threadname:whenEmpty=${threadid}}"),
        ("%c, %c{1}, %logger", "${logger}, ${logger:shortName=true}"),
        ("%C, %M, %L, %l, %F", "${callsite…}, ${callsite-linenumber}, ${callsite-filename}"),
        ("%m, %msg", "${message}"),
        ("%n", "${newline}; a trailing one is dropped (NLog ends each record)"),
        ("%x, %X{key}", "${scopenested}, ${scopeproperty:item=key}"),
        ("%throwable, %ex", "${exception:format=tostring}; appended when the pattern has none, as log4j does"),
        ("RollingFileAppender MaxFileSize / MaxBackupIndex", "File target archiveAboveSize / maxArchiveFiles"),
        ("DailyRollingFileAppender DatePattern, TimeBased / Cron policies", "archiveEvery (Day, Hour, …)"),
        ("RollingFile SizeBasedTriggeringPolicy / DefaultRolloverStrategy max", "archiveAboveSize / maxArchiveFiles"),
    ];

    public static LogHubKeyPair? LogHubPairForEmr(string key) => LogHubKeys.FirstOrDefault(p => p.Emr == key);

    public static LogHubKeyPair? LogHubPairForAliyun(string key) => LogHubKeys.FirstOrDefault(p => p.Aliyun == key);

    public static (string? Pattern, string? Why) MapLoggerName(string javaName)
    {
        ArgumentNullException.ThrowIfNull(javaName);
        (string Java, string? FlumeNet, string Why)? best = null;
        foreach (var row in LoggerNames)
        {
            if ((javaName == row.Java || javaName.StartsWith(row.Java + ".", StringComparison.Ordinal))
                && (best is null || row.Java.Length > best.Value.Java.Length))
            {
                best = row;
            }
        }
        if (best is not { } b)
        {
            return (null, "a Java package FlumeNet does not contain");
        }
        if (b.FlumeNet is null)
        {
            return (null, b.Why);
        }
        return (b.FlumeNet, b.Java == javaName ? b.Why : $"{b.Why}: the nearest counterpart of {javaName}");
    }

    /// <summary>What the table says about one component type beyond the registry (EMR vs aliyun-log-flume, Hive, HBase, Kafka).</summary>
    public static string? ComponentNote(ComponentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var cls = spec.ClassNames.Count > 0 ? spec.ClassNames[0] : string.Empty;
        return cls switch
        {
            EmrLogHubSource => $"aliyun-log-flume's {AliyunLogHubSource} reads the same logstores with other keys (consumerPosition → initialPosition, heartbeatInterval → heartbeatIntervalMs, startTime → timestamp)",
            AliyunLogHubSource => $"EMR's {EmrLogHubSource} is a different class with other keys (initialPosition → consumerPosition, heartbeatIntervalMs → heartbeatInterval, timestamp → startTime)",
            "org.apache.flume.sink.hive.HiveSink" => "not planned: " + HiveWhy,
            _ when cls.StartsWith("org.apache.flume.sink.hbase", StringComparison.Ordinal) => "not planned: " + HBaseWhy,
            _ when cls.Contains(".kafka.", StringComparison.Ordinal) => spec.Support == SupportLevel.Runnable
                ? "FlumeNet's Kafka component"
                : "supported once FlumeNet's Kafka components exist; until then the agent drops it",
            _ => null,
        };
    }

    /// <summary>How the HDFS sink of this build handles a path: null when it writes there, else why not.</summary>
    public static (bool Blocker, string Text)? PathProblem(string hdfsPath, HadoopConfig hadoop)
    {
        ArgumentNullException.ThrowIfNull(hdfsPath);
        var scheme = SchemeOf(hdfsPath);
        if (scheme is not null && HdfsSchemes.FirstOrDefault(s => s.Scheme.Equals(scheme, StringComparison.OrdinalIgnoreCase)) is { } known)
        {
            return (true, $"{scheme}:// is not supported: {known.Why}");
        }
        try
        {
            var (fs, _) = FileSystemResolver.Resolve(hdfsPath, hadoop);
            (fs as IDisposable)?.Dispose();
            return null;
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException)
        {
            return (false, ex.Message);
        }
    }

    public static string? SchemeOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var colon = path.IndexOf(':', StringComparison.Ordinal);
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return colon > 0 && (slash < 0 || colon < slash) ? path[..colon] : null;
    }

    /// <summary>The whole table, rows grouped by area, built-in component rows from the registry.</summary>
    public static IReadOnlyList<MappingRow> Rows(IComponentCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var rows = new List<MappingRow>();
        foreach (var spec in catalog.All)
        {
            if (spec.Kind is not (ComponentKind.Source or ComponentKind.Channel or ComponentKind.Sink))
            {
                continue;
            }
            var from = string.Join(", ", spec.Aliases.Concat(spec.ClassNames));
            rows.Add(new MappingRow($"{spec.Origin} {spec.Kind.ToString().ToLowerInvariant()}", from, "same type", SupportText(spec.Support),
                ComponentNote(spec) ?? spec.Description));
        }
        foreach (var p in LogHubKeys)
        {
            rows.Add(new MappingRow("LogHub source keys (EMR → aliyun-log-flume)", p.Emr ?? "–", p.Aliyun ?? "–",
                p.AutoRename ? "renamed by migrate when written on the other class" : p.Emr == p.Aliyun ? "same" : "no counterpart", p.Note));
        }
        rows.Add(new MappingRow("HDFS sink path", "no scheme", "fs.defaultFS of HADOOP_CONF_DIR's core-site.xml", "as that resolves", "local disk when no Hadoop config names another filesystem"));
        rows.Add(new MappingRow("HDFS sink path", "file://", "local disk", "runs", "FlumeNet writes local files itself"));
        foreach (var scheme in new[] { "hdfs", "webhdfs", "swebhdfs" })
        {
            var problem = PathProblem($"{scheme}://namenode:8020/flume", HadoopConfig.Empty);
            rows.Add(new MappingRow("HDFS sink path", scheme + "://", "WebHDFS", problem is null ? "runs" : "not yet", problem?.Text ?? "FlumeNet speaks WebHDFS"));
        }
        foreach (var s in HdfsSchemes)
        {
            rows.Add(new MappingRow("HDFS sink path", s.Scheme + "://", "–", "not supported", s.Why));
        }
        foreach (var (from, to) in EnvRows)
        {
            rows.Add(new MappingRow("flume-env.sh", from, to, to.StartsWith("not", StringComparison.Ordinal) ? "dropped" : "carried", string.Empty));
        }
        foreach (var (java, flumeNet, why) in LoggerNames)
        {
            rows.Add(new MappingRow("log4j logger names", java, flumeNet ?? "–", flumeNet is null ? "not carried" : "mapped", why));
        }
        foreach (var (from, to) in ConversionRows)
        {
            rows.Add(new MappingRow("log4j → NLog", from, to, "converted", string.Empty));
        }
        return rows;
    }

    public static string SupportText(SupportLevel s) => s switch
    {
        SupportLevel.Runnable => "runs",
        SupportLevel.NotYetSupported => "not yet supported",
        _ => "not planned",
    };
}
