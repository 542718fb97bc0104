using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Properties;

namespace FlumeNet.Agent.Migration;

/// <summary>
/// Reads a log4j 1.x <c>log4j.properties</c> (Flume 1.9, as on EMR): <c>log4j.rootLogger</c>, <c>log4j.logger.*</c>,
/// <c>log4j.additivity.*</c> and the console, file, rolling-file and daily-rolling-file appenders with their layouts.
/// The file is a Java properties file, so it is read with the same reader as agent configs.
/// </summary>
public static class Log4j1Reader
{
    private const string AppenderPrefix = "log4j.appender.";

    public static LogConfig Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var entries = PropertiesReader.Read(File.ReadAllBytes(path), path, new DiagnosticBag());
        var props = new Dictionary<string, PropertyEntry>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            props[e.Key] = e;
        }
        var config = new LogConfig(path, "log4j 1");
        var vars = new LogVariables(k => props.TryGetValue(k, out var e) ? e.Value : null, config.Notes);
        foreach (var key in new[] { LogVariables.LogDirProperty, LogVariables.LogFileProperty })
        {
            if (props.TryGetValue(key, out var e))
            {
                config.FlumeProperties[key] = e.Value;
            }
        }
        var rootEntry = Get(props, "log4j.rootLogger") ?? Get(props, "log4j.rootCategory");
        config.Root = rootEntry is null
            ? new LogLogger { Level = "DEBUG" }
            : ParseLogger(null, vars.Expand(rootEntry.Value), rootEntry.Location.Line);
        if (rootEntry is not null && rootEntry.Value.Contains("${flume.root.logger}", StringComparison.Ordinal))
        {
            config.Notes.Add("the root logger comes from flume.root.logger: -Dflume.root.logger=LEVEL,console|LOGFILE still overrides it (FlumeNet then skips nlog.config, as Flume skips this file's root)");
        }
        foreach (var e in entries)
        {
            if (props[e.Key] != e)
            {
                continue;
            }
            foreach (var prefix in new[] { "log4j.logger.", "log4j.category." })
            {
                if (e.Key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    var name = e.Key[prefix.Length..];
                    var logger = ParseLogger(name, vars.Expand(e.Value), e.Location.Line);
                    if (Get(props, "log4j.additivity." + name) is { } add)
                    {
                        logger.Additive = !add.Value.Trim().Equals("false", StringComparison.OrdinalIgnoreCase);
                    }
                    config.Loggers.Add(logger);
                }
            }
            if (e.Key.StartsWith(AppenderPrefix, StringComparison.Ordinal) && e.Key.IndexOf('.', AppenderPrefix.Length) < 0)
            {
                config.Appenders.Add(ReadAppender(e.Key[AppenderPrefix.Length..], e.Value.Trim(), props, vars));
            }
        }
        if (Get(props, "log4j.threshold") is { } threshold)
        {
            config.Notes.Add($"log4j.threshold = {threshold.Value.Trim()} (a repository-wide floor) is applied to every appender");
            foreach (var a in config.Appenders)
            {
                a.Threshold ??= threshold.Value.Trim().ToUpperInvariant();
            }
        }
        return config;
    }

    private static LogLogger ParseLogger(string? name, string value, int line)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        var level = parts[0].ToUpperInvariant();
        var logger = new LogLogger
        {
            Name = name,
            Level = level is "" or "INHERITED" or "NULL" ? null : level,
            Line = line,
        };
        foreach (var p in parts.Skip(1))
        {
            if (p.Length > 0)
            {
                logger.AppenderRefs.Add(p);
            }
        }
        return logger;
    }

    private static LogAppender ReadAppender(string name, string className, Dictionary<string, PropertyEntry> props, LogVariables vars)
    {
        string? Prop(string key) => Get(props, $"{AppenderPrefix}{name}.{key}") is { } e ? vars.Expand(e.Value.Trim()) : null;
        var kind = className switch
        {
            "org.apache.log4j.ConsoleAppender" => LogAppenderKind.Console,
            "org.apache.log4j.FileAppender" => LogAppenderKind.File,
            "org.apache.log4j.RollingFileAppender" or "org.apache.log4j.DailyRollingFileAppender"
                or "org.apache.log4j.rolling.RollingFileAppender" => LogAppenderKind.RollingFile,
            _ => LogAppenderKind.Unsupported,
        };
        var a = new LogAppender(name, kind, className)
        {
            FileName = Prop("File"),
            StdErr = Prop("Target")?.Equals("System.err", StringComparison.OrdinalIgnoreCase) == true,
            Threshold = Prop("Threshold")?.ToUpperInvariant(),
        };
        switch (className)
        {
            case "org.apache.log4j.RollingFileAppender":
                // log4j 1's own defaults: 10 MB, one backup.
                a.MaxFileSize = LogSizes.ParseSize(Prop("MaxFileSize")) ?? 10L * 1024 * 1024;
                a.MaxBackups = int.TryParse(Prop("MaxBackupIndex"), out var backups) ? backups : 1;
                break;
            case "org.apache.log4j.DailyRollingFileAppender":
                a.RollEvery = LogSizes.PeriodOfDatePattern(Prop("DatePattern") ?? "'.'yyyy-MM-dd") ?? "Day";
                break;
            case "org.apache.log4j.rolling.RollingFileAppender":
                ReadExtrasPolicies(a, Prop);
                break;
            default:
                break;
        }
        if (Prop("Append")?.Equals("false", StringComparison.OrdinalIgnoreCase) == true)
        {
            a.Notes.Add("Append=false (truncate at start) is not carried: NLog appends");
        }
        a.Pattern = LayoutPattern(Prop("layout"), Prop("layout.ConversionPattern"), a.Notes);
        return a;
    }

    // log4j-extras: a TimeBasedRollingPolicy names its period in FileNamePattern; size rolling uses a triggering policy.
    private static void ReadExtrasPolicies(LogAppender a, Func<string, string?> prop)
    {
        a.FileName ??= prop("rollingPolicy.ActiveFileName");
        if (prop("rollingPolicy.FileNamePattern") is { } pattern && LogSizes.DatePatternIn(pattern) is { } date)
        {
            a.RollEvery = LogSizes.PeriodOfDatePattern(date);
        }
        if (LogSizes.ParseSize(prop("triggeringPolicy.MaxFileSize")) is { } size)
        {
            a.MaxFileSize = size;
        }
        if (int.TryParse(prop("rollingPolicy.MaxIndex"), out var max))
        {
            a.MaxBackups = max;
        }
    }

    private static string? LayoutPattern(string? layoutClass, string? conversionPattern, List<string> notes)
    {
        switch (layoutClass)
        {
            case null:
                return conversionPattern;
            case "org.apache.log4j.PatternLayout":
            case "org.apache.log4j.EnhancedPatternLayout":
                return conversionPattern ?? "%m%n";
            case "org.apache.log4j.SimpleLayout":
                return "%p - %m%n";
            case "org.apache.log4j.TTCCLayout":
                return "%r [%t] %p %c %x - %m%n";
            default:
                notes.Add($"layout {layoutClass} has no NLog counterpart here: FlumeNet's default layout is used");
                return null;
        }
    }

    // log4j 1 matches bean properties with the first letter in either case (Introspector): accept any case.
    private static PropertyEntry? Get(Dictionary<string, PropertyEntry> props, string key)
    {
        if (props.TryGetValue(key, out var exact))
        {
            return exact;
        }
        foreach (var (k, v) in props)
        {
            if (k.Equals(key, StringComparison.OrdinalIgnoreCase))
            {
                return v;
            }
        }
        return null;
    }
}
