using System.Xml;

namespace FlumeNet.Agent.Migration;

/// <summary>
/// Reads a log4j 2 <c>log4j2.xml</c> (Flume 1.10+): properties, Console, File and RollingFile appenders (size and time
/// triggering policies, DefaultRolloverStrategy max), loggers and the root logger. Element and attribute names match in
/// any case, as log4j 2's plugin names do.
/// </summary>
public static class Log4j2XmlReader
{
    public static LogConfig Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var doc = new XmlDocument { XmlResolver = null };
        using (var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null }))
        {
            doc.Load(reader);
        }
        var config = new LogConfig(path, "log4j 2 XML");
        var root = doc.DocumentElement ?? throw new InvalidDataException($"{path}: no root element");
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in Descendants(Child(root, "Properties"), "Property"))
        {
            if (Attr(p, "name") is { } name)
            {
                properties[name] = Attr(p, "value") ?? p.InnerText.Trim();
            }
        }
        var vars = new LogVariables(k => properties.GetValueOrDefault(k), config.Notes);
        foreach (var e in Elements(Child(root, "Appenders")))
        {
            config.Appenders.Add(ReadAppender(e, vars));
        }
        foreach (var e in Elements(Child(root, "Loggers")))
        {
            var local = e.LocalName.ToUpperInvariant();
            if (local is not ("LOGGER" or "ASYNCLOGGER" or "ROOT" or "ASYNCROOT"))
            {
                continue;
            }
            var isRoot = local.EndsWith("ROOT", StringComparison.Ordinal);
            var logger = new LogLogger
            {
                Name = isRoot ? null : Attr(e, "name"),
                Level = Attr(e, "level") is { } l ? vars.Expand(l).ToUpperInvariant() : (isRoot ? "ERROR" : null),
                Additive = !string.Equals(Attr(e, "additivity"), "false", StringComparison.OrdinalIgnoreCase),
            };
            foreach (var r in Descendants(e, "AppenderRef"))
            {
                if (Attr(r, "ref") is { } target)
                {
                    logger.AppenderRefs.Add(target);
                }
                if (Attr(r, "level") is { } refLevel)
                {
                    config.Notes.Add($"AppenderRef '{Attr(r, "ref")}' level {refLevel} is not carried: the logger's level applies");
                }
            }
            if (isRoot)
            {
                config.Root = logger;
            }
            else if (logger.Name is not null)
            {
                config.Loggers.Add(logger);
            }
        }
        return config;
    }

    private static LogAppender ReadAppender(XmlElement e, LogVariables vars)
    {
        var plugin = e.LocalName.Equals("Appender", StringComparison.OrdinalIgnoreCase) ? Attr(e, "type") ?? "Appender" : e.LocalName;
        var kind = plugin.ToUpperInvariant() switch
        {
            "CONSOLE" => LogAppenderKind.Console,
            "FILE" or "RANDOMACCESSFILE" => LogAppenderKind.File,
            "ROLLINGFILE" or "ROLLINGRANDOMACCESSFILE" => LogAppenderKind.RollingFile,
            _ => LogAppenderKind.Unsupported,
        };
        string? A(string name) => Attr(e, name) is { } v ? vars.Expand(v) : null;
        var a = new LogAppender(A("name") ?? plugin, kind, plugin)
        {
            FileName = A("fileName"),
            StdErr = string.Equals(A("target"), "SYSTEM_ERR", StringComparison.OrdinalIgnoreCase),
        };
        var layout = Child(e, "PatternLayout");
        if (layout is not null)
        {
            a.Pattern = Attr(layout, "pattern") ?? Child(layout, "Pattern")?.InnerText.Trim() ?? "%m%n";
        }
        else if (Elements(e).FirstOrDefault(c => c.LocalName.EndsWith("Layout", StringComparison.OrdinalIgnoreCase)) is { } other)
        {
            a.Notes.Add($"{other.LocalName} has no NLog counterpart here: FlumeNet's default layout is used");
        }
        if (Descendants(e, "ThresholdFilter").FirstOrDefault() is { } filter && Attr(filter, "level") is { } threshold)
        {
            a.Threshold = threshold.ToUpperInvariant();
        }
        if (kind == LogAppenderKind.RollingFile)
        {
            ReadRolling(e, a, A("filePattern"));
        }
        return a;
    }

    private static void ReadRolling(XmlElement e, LogAppender a, string? filePattern)
    {
        var size = Descendants(e, "SizeBasedTriggeringPolicy").FirstOrDefault();
        if (size is not null)
        {
            a.MaxFileSize = LogSizes.ParseSize(Attr(size, "size")) ?? 10L * 1024 * 1024;
        }
        if (Descendants(e, "TimeBasedTriggeringPolicy").FirstOrDefault() is { } time)
        {
            a.RollEvery = filePattern is not null && LogSizes.DatePatternIn(filePattern) is { } date ? LogSizes.PeriodOfDatePattern(date) : "Day";
            if (Attr(time, "interval") is { } interval && interval != "1")
            {
                a.Notes.Add($"TimeBasedTriggeringPolicy interval {interval} is not carried: NLog rolls every {a.RollEvery}");
            }
        }
        if (Descendants(e, "CronTriggeringPolicy").FirstOrDefault() is { } cron)
        {
            var schedule = Attr(cron, "schedule") ?? string.Empty;
            a.RollEvery = LogSizes.PeriodOfCron(schedule) ?? "Day";
            a.Notes.Add($"cron schedule '{schedule}' rolls every {a.RollEvery} in NLog");
        }
        if (Descendants(e, "OnStartupTriggeringPolicy").Any())
        {
            a.Notes.Add("OnStartupTriggeringPolicy is not carried");
        }
        var strategy = Descendants(e, "DefaultRolloverStrategy").FirstOrDefault();
        var counted = filePattern?.Contains("%i", StringComparison.Ordinal) == true;
        // log4j 2's DefaultRolloverStrategy keeps 7 files unless told otherwise.
        var max = strategy is not null && int.TryParse(Attr(strategy, "max"), out var m) ? m : 7;
        if (counted || a.RollEvery is null)
        {
            a.MaxBackups = max;
            if (counted && a.RollEvery is not null)
            {
                a.Notes.Add($"log4j 2 keeps up to {max} files per {a.RollEvery.ToLowerInvariant()}; NLog keeps {max} archives in all");
            }
        }
        if (strategy is not null && Descendants(strategy, "Delete").Any())
        {
            a.Notes.Add("the Delete action (age or total-size limits on the archive) is not carried: maxArchiveFiles limits the count");
        }
        if (filePattern is not null)
        {
            a.Notes.Add($"archive names ({filePattern}) follow NLog's numbering next to the file");
        }
    }

    private static XmlElement? Child(XmlElement? parent, string name) =>
        parent is null ? null : Elements(parent).FirstOrDefault(c => c.LocalName.Equals(name, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<XmlElement> Elements(XmlElement? parent)
    {
        if (parent is null)
        {
            yield break;
        }
        foreach (XmlNode n in parent.ChildNodes)
        {
            if (n is XmlElement e)
            {
                yield return e;
            }
        }
    }

    private static IEnumerable<XmlElement> Descendants(XmlElement? parent, string name)
    {
        foreach (var e in Elements(parent))
        {
            if (e.LocalName.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                yield return e;
            }
            foreach (var d in Descendants(e, name))
            {
                yield return d;
            }
        }
    }

    private static string? Attr(XmlElement e, string name)
    {
        foreach (XmlAttribute a in e.Attributes)
        {
            if (a.LocalName.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return a.Value;
            }
        }
        return null;
    }
}
