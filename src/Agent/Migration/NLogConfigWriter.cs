using System.Globalization;
using System.Text;
using System.Xml;

namespace FlumeNet.Agent.Migration;

/// <summary>
/// Writes an nlog.config equivalent to a log4j config: one target per attached appender (console, file, rolling file
/// with size, count and period), and rules giving each logger log4j's semantics (its level, its appenders plus its
/// ancestors' unless additivity is off, and nothing reaching the root rules afterwards). Java logger names are mapped to
/// FlumeNet's namespaces through <see cref="MigrationMap.LoggerNames"/>; names with no counterpart are reported.
/// </summary>
public static class NLogConfigWriter
{
    private const string NLogNamespace = "http://www.nlog-project.org/schemas/NLog.xsd";
    private const string XsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";

    private static readonly string[] Levels = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF"];

    public static LogPlan Write(LogConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var items = new List<string>();
        var notes = new List<string>(config.Notes);
        var log4j2 = config.Flavor.StartsWith("log4j 2", StringComparison.Ordinal);
        var attached = new List<string>();
        foreach (var logger in config.Loggers.Prepend(config.Root))
        {
            foreach (var r in logger.AppenderRefs)
            {
                if (!attached.Contains(r))
                {
                    attached.Add(r);
                }
            }
        }
        var targets = new List<(LogAppender Appender, string Layout)>();
        foreach (var name in attached)
        {
            if (config.Appender(name) is not { } a)
            {
                notes.Add($"appender '{name}' is referenced but not defined: left out");
                continue;
            }
            if (a.Kind == LogAppenderKind.Unsupported || (a.Kind != LogAppenderKind.Console && a.FileName is null))
            {
                notes.Add(a.Kind == LogAppenderKind.Unsupported
                    ? $"appender '{a.Name}' ({a.ClassName}) has no NLog target here: left out"
                    : $"appender '{a.Name}' ({a.ClassName}) names no file: left out");
                continue;
            }
            var layoutNotes = new List<string>();
            var layout = PatternLayoutConverter.Convert(a.Pattern ?? "%m%n", log4j2, layoutNotes);
            foreach (var n in a.Notes.Concat(layoutNotes))
            {
                notes.Add($"appender '{a.Name}': {n}");
            }
            targets.Add((a, layout));
            items.Add(Describe(a));
        }
        foreach (var a in config.Appenders)
        {
            if (!attached.Contains(a.Name))
            {
                notes.Add($"appender '{a.Name}' ({a.ClassName}) is defined but attached to no logger: left out");
            }
        }
        var kept = new HashSet<string>(targets.Select(t => t.Appender.Name), StringComparer.Ordinal);
        var rules = Rules(config, kept, items, notes);
        return new LogPlan(config, Render(config, targets, rules), items, notes);
    }

    private sealed record Rule(string Pattern, string? MinLevel, IReadOnlyList<string> Targets, bool Final, string? Comment);

    private static List<Rule> Rules(LogConfig config, HashSet<string> kept, List<string> items, List<string> notes)
    {
        var rules = new List<Rule>();
        var mapped = new List<(string Pattern, LogLogger Logger, string Java)>();
        foreach (var logger in config.Loggers)
        {
            var java = logger.Name!;
            var (pattern, why) = MigrationMap.MapLoggerName(java);
            if (pattern is null)
            {
                items.Add($"logger {java} = {logger.Level ?? "(inherited)"}: not carried ({why})");
                continue;
            }
            if (mapped.Exists(m => m.Pattern == pattern))
            {
                notes.Add($"logger {java} maps to {pattern} like an earlier logger: the earlier one wins");
                continue;
            }
            mapped.Add((pattern, logger, java));
            items.Add($"logger {java} = {Effective(config, logger)} → {pattern}{(why is null ? string.Empty : $" ({why})")}");
        }
        // NLog applies the first matching rules: the most specific names go first.
        mapped.Sort((a, b) => b.Pattern.Length.CompareTo(a.Pattern.Length));
        foreach (var (pattern, logger, java) in mapped)
        {
            var comment = $"log4j logger {java}";
            foreach (var (level, targets) in Groups(config, Effective(config, logger), AppendersOf(config, logger, kept)))
            {
                rules.Add(new Rule(pattern, level, targets, false, comment));
                comment = null;
            }
            // Stops this logger's events from also reaching the root rules below (log4j gives a logger one level).
            rules.Add(new Rule(pattern, null, [], true, comment));
        }
        var rootLevel = config.Root.Level ?? "DEBUG";
        foreach (var (level, targets) in Groups(config, rootLevel, config.Root.AppenderRefs.Where(kept.Contains).ToList()))
        {
            rules.Add(new Rule("*", level, targets, false, null));
        }
        items.Insert(0, $"root logger = {rootLevel} → {(config.Root.AppenderRefs.Count == 0 ? "no appender" : string.Join(", ", config.Root.AppenderRefs))}");
        return rules;
    }

    // A log4j logger's level is its own, else its nearest configured ancestor's, else the root's.
    private static string Effective(LogConfig config, LogLogger logger)
    {
        for (var l = logger; l is not null; l = Parent(config, l))
        {
            if (l.Level is not null)
            {
                return l.Level;
            }
        }
        return config.Root.Level ?? "DEBUG";
    }

    private static LogLogger? Parent(LogConfig config, LogLogger logger)
    {
        if (logger.Name is null)
        {
            return null;
        }
        LogLogger? best = null;
        foreach (var l in config.Loggers)
        {
            if (l.Name is { } n && logger.Name.StartsWith(n + ".", StringComparison.Ordinal) && (best is null || n.Length > best.Name!.Length))
            {
                best = l;
            }
        }
        return best ?? config.Root;
    }

    private static List<string> AppendersOf(LogConfig config, LogLogger logger, HashSet<string> kept)
    {
        var result = new List<string>();
        for (LogLogger? l = logger; l is not null; l = l.Additive ? Parent(config, l) : null)
        {
            foreach (var r in l.AppenderRefs)
            {
                if (kept.Contains(r) && !result.Contains(r))
                {
                    result.Add(r);
                }
            }
        }
        return result;
    }

    // One rule per distinct effective level: an appender's threshold can raise it above the logger's level.
    private static List<(string? Level, List<string> Targets)> Groups(LogConfig config, string level, List<string> appenders)
    {
        var groups = new List<(string? Level, List<string> Targets)>();
        if (level == "OFF")
        {
            return groups;
        }
        foreach (var name in appenders)
        {
            var threshold = config.Appender(name)?.Threshold;
            var effective = threshold is not null && Rank(threshold) > Rank(level) ? threshold : level;
            if (effective == "OFF")
            {
                continue;
            }
            var g = groups.FindIndex(x => x.Level == effective);
            if (g < 0)
            {
                groups.Add((effective, [name]));
            }
            else
            {
                groups[g].Targets.Add(name);
            }
        }
        return groups;
    }

    private static int Rank(string level) => level == "ALL" ? 0 : Math.Max(0, Array.IndexOf(Levels, level));

    private static string NLogLevel(string log4jLevel) => log4jLevel switch
    {
        "ALL" or "TRACE" => "Trace",
        "DEBUG" => "Debug",
        "WARN" => "Warn",
        "ERROR" => "Error",
        "FATAL" => "Fatal",
        "OFF" => "Off",
        _ => "Info",
    };

    private static string Describe(LogAppender a)
    {
        var sb = new StringBuilder($"appender {a.Name} ({a.ClassName}) → ");
        if (a.Kind == LogAppenderKind.Console)
        {
            return sb.Append("Console target, ").Append(a.StdErr ? "stderr" : "stdout").ToString();
        }
        sb.Append("File target ").Append(a.FileName);
        if (a.MaxFileSize is { } size)
        {
            sb.Append(", rolls at ").Append(HumanSize(size));
        }
        if (a.RollEvery is { } every)
        {
            sb.Append(", rolls every ").Append(every.ToLowerInvariant());
        }
        if (a.MaxBackups is { } max)
        {
            sb.Append(", keeps ").Append(max.ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    public static string HumanSize(long bytes) => bytes switch
    {
        _ when bytes >= 1L << 30 && bytes % (1L << 30) == 0 => $"{bytes >> 30} GB",
        _ when bytes >= 1L << 20 && bytes % (1L << 20) == 0 => $"{bytes >> 20} MB",
        _ when bytes >= 1L << 10 && bytes % (1L << 10) == 0 => $"{bytes >> 10} KB",
        _ => $"{bytes} bytes",
    };

    private static string Render(LogConfig config, List<(LogAppender Appender, string Layout)> targets, List<Rule> rules)
    {
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings
        {
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            Encoding = new UTF8Encoding(false),
        };
        using (var w = XmlWriter.Create(stream, settings))
        {
            w.WriteStartDocument();
            w.WriteComment($" Written by `flume-ng migrate` from {Path.GetFileName(config.SourceFile)} ({config.Flavor}). Put it in the folder given to "
                + "`bin/flume-ng agent -c`; -Dflume.root.logger=LEVEL,console|LOGFILE bypasses it, as in Flume. ");
            w.WriteStartElement("nlog", NLogNamespace);
            w.WriteAttributeString("xmlns", "xsi", null, XsiNamespace);
            var text = string.Concat(targets.Select(t => t.Appender.FileName + t.Layout));
            if (text.Contains("${var:flumeLogDir}", StringComparison.Ordinal))
            {
                Variable(w, "flumeLogDir", "./logs");
            }
            if (text.Contains("${var:flumeLogFile}", StringComparison.Ordinal))
            {
                Variable(w, "flumeLogFile", "flume.log");
            }
            w.WriteStartElement("targets", NLogNamespace);
            foreach (var (a, layout) in targets)
            {
                WriteTarget(w, a, layout);
            }
            w.WriteEndElement();
            w.WriteStartElement("rules", NLogNamespace);
            w.WriteComment(" Event bodies are logged only with -Dorg.apache.flume.log.rawdata=true, as in Flume. ");
            w.WriteStartElement("logger", NLogNamespace);
            w.WriteAttributeString("name", "FlumeNet.Agent.RawData");
            w.WriteAttributeString("maxlevel", "Debug");
            w.WriteAttributeString("final", "true");
            w.WriteEndElement();
            foreach (var r in rules)
            {
                if (r.Comment is not null)
                {
                    w.WriteComment($" {r.Comment.Replace("--", "- -", StringComparison.Ordinal)} ");
                }
                w.WriteStartElement("logger", NLogNamespace);
                w.WriteAttributeString("name", r.Pattern);
                if (r.MinLevel is not null)
                {
                    w.WriteAttributeString("minlevel", NLogLevel(r.MinLevel));
                }
                if (r.Targets.Count > 0)
                {
                    w.WriteAttributeString("writeTo", string.Join(',', r.Targets));
                }
                if (r.Final)
                {
                    w.WriteAttributeString("final", "true");
                }
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Variable(XmlWriter w, string name, string value)
    {
        w.WriteStartElement("variable", NLogNamespace);
        w.WriteAttributeString("name", name);
        w.WriteAttributeString("value", value);
        w.WriteEndElement();
    }

    private static void WriteTarget(XmlWriter w, LogAppender a, string layout)
    {
        w.WriteStartElement("target", NLogNamespace);
        w.WriteAttributeString("name", a.Name);
        if (a.Kind == LogAppenderKind.Console)
        {
            w.WriteAttributeString("xsi", "type", XsiNamespace, "Console");
            w.WriteAttributeString("stdErr", a.StdErr ? "true" : "false");
        }
        else
        {
            w.WriteAttributeString("xsi", "type", XsiNamespace, "File");
            w.WriteAttributeString("fileName", a.FileName);
            if (a.MaxFileSize is { } size)
            {
                w.WriteAttributeString("archiveAboveSize", size.ToString(CultureInfo.InvariantCulture));
            }
            if (a.RollEvery is { } every)
            {
                w.WriteAttributeString("archiveEvery", every);
            }
            if (a.MaxBackups is { } max)
            {
                w.WriteAttributeString("maxArchiveFiles", max.ToString(CultureInfo.InvariantCulture));
            }
        }
        w.WriteAttributeString("layout", layout);
        w.WriteEndElement();
    }
}
