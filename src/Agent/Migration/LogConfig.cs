namespace FlumeNet.Agent.Migration;

public enum LogAppenderKind
{
    Console,
    /// <summary>A file that never rolls.</summary>
    File,
    /// <summary>A file rolled by size and/or time.</summary>
    RollingFile,
    /// <summary>An appender with no NLog counterpart here (syslog, SMTP, async wrappers…).</summary>
    Unsupported,
}

/// <summary>One log4j appender, reduced to what an NLog target needs.</summary>
public sealed class LogAppender
{
    public LogAppender(string name, LogAppenderKind kind, string className)
    {
        Name = name;
        Kind = kind;
        ClassName = className;
    }

    public string Name { get; }

    public LogAppenderKind Kind { get; }

    /// <summary>The log4j class or log4j 2 plugin name, as written.</summary>
    public string ClassName { get; }

    /// <summary>The file name, already an NLog layout (variables translated).</summary>
    public string? FileName { get; set; }

    public bool StdErr { get; set; }

    public long? MaxFileSize { get; set; }

    public int? MaxBackups { get; set; }

    /// <summary>NLog's <c>archiveEvery</c>: Day, Hour, Minute, Month, Year; null when the file does not roll by time.</summary>
    public string? RollEvery { get; set; }

    /// <summary>The log4j conversion pattern; null means the appender had no pattern layout.</summary>
    public string? Pattern { get; set; }

    /// <summary>Lowest level the appender writes (log4j Threshold, a ThresholdFilter); null = no limit.</summary>
    public string? Threshold { get; set; }

    public List<string> Notes { get; } = [];
}

/// <summary>A log4j logger (or the root logger when <see cref="Name"/> is null): level, appenders, additivity.</summary>
public sealed class LogLogger
{
    public string? Name { get; init; }

    /// <summary>TRACE, DEBUG, INFO, WARN, ERROR, FATAL, OFF; null inherits.</summary>
    public string? Level { get; set; }

    public List<string> AppenderRefs { get; } = [];

    public bool Additive { get; set; } = true;

    public int Line { get; init; }
}

/// <summary>A log4j 1 or 2 configuration, read into one shape that the NLog writer turns into nlog.config.</summary>
public sealed class LogConfig
{
    public LogConfig(string sourceFile, string flavor)
    {
        SourceFile = sourceFile;
        Flavor = flavor;
    }

    public string SourceFile { get; }

    /// <summary>"log4j 1", "log4j 2 XML" or "log4j 2 properties".</summary>
    public string Flavor { get; }

    public List<LogAppender> Appenders { get; } = [];

    public LogLogger Root { get; set; } = new() { Level = "DEBUG" };

    public List<LogLogger> Loggers { get; } = [];

    /// <summary>Defaults of Flume's own logging properties (flume.log.dir, flume.log.file) as the file sets them.</summary>
    public Dictionary<string, string> FlumeProperties { get; } = new(StringComparer.Ordinal);

    public List<string> Notes { get; } = [];

    public LogAppender? Appender(string name) => Appenders.Find(a => a.Name == name);
}
