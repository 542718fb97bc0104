using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Properties;

namespace FlumeNet.Agent.Migration;

/// <summary>
/// Reads a log4j 2 <c>log4j2.properties</c>: <c>property.*</c>, <c>appender.&lt;id&gt;.*</c> (type, name, fileName,
/// filePattern, target, layout, threshold filter, triggering policies, rollover strategy), <c>logger.&lt;id&gt;.*</c>
/// and <c>rootLogger.*</c> (also the short <c>rootLogger = LEVEL, ref…</c>).
/// </summary>
public static class Log4j2PropertiesReader
{
    public static LogConfig Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var props = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in PropertiesReader.Read(File.ReadAllBytes(path), path, new DiagnosticBag()))
        {
            props[e.Key] = e.Value.Trim();
        }
        var config = new LogConfig(path, "log4j 2 properties");
        var vars = new LogVariables(k => props.GetValueOrDefault("property." + k), config.Notes);
        foreach (var (id, sub) in Groups(props, "appender."))
        {
            config.Appenders.Add(ReadAppender(id, sub, vars));
        }
        foreach (var (_, sub) in Groups(props, "logger."))
        {
            if (sub.GetValueOrDefault("name") is not { } name)
            {
                continue;
            }
            var logger = new LogLogger
            {
                Name = name,
                Level = sub.GetValueOrDefault("level") is { } l ? vars.Expand(l).ToUpperInvariant() : null,
                Additive = !string.Equals(sub.GetValueOrDefault("additivity"), "false", StringComparison.OrdinalIgnoreCase),
            };
            AddRefs(logger, sub);
            config.Loggers.Add(logger);
        }
        var root = new LogLogger { Level = "ERROR" };
        if (props.GetValueOrDefault("rootLogger") is { } shorthand)
        {
            var parts = vars.Expand(shorthand).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 0)
            {
                root.Level = parts[0].ToUpperInvariant();
                root.AppenderRefs.AddRange(parts.Skip(1));
            }
        }
        var rootProps = Sub(props, "rootLogger.");
        if (rootProps.GetValueOrDefault("level") is { } rootLevel)
        {
            root.Level = vars.Expand(rootLevel).ToUpperInvariant();
        }
        AddRefs(root, rootProps);
        config.Root = root;
        return config;
    }

    private static void AddRefs(LogLogger logger, Dictionary<string, string> sub)
    {
        foreach (var (k, v) in sub)
        {
            if (k.StartsWith("appenderRef.", StringComparison.Ordinal) && k.EndsWith(".ref", StringComparison.Ordinal) && !logger.AppenderRefs.Contains(v))
            {
                logger.AppenderRefs.Add(v);
            }
        }
    }

    private static LogAppender ReadAppender(string id, Dictionary<string, string> sub, LogVariables vars)
    {
        var plugin = sub.GetValueOrDefault("type") ?? "?";
        var kind = plugin.ToUpperInvariant() switch
        {
            "CONSOLE" => LogAppenderKind.Console,
            "FILE" or "RANDOMACCESSFILE" => LogAppenderKind.File,
            "ROLLINGFILE" or "ROLLINGRANDOMACCESSFILE" => LogAppenderKind.RollingFile,
            _ => LogAppenderKind.Unsupported,
        };
        string? P(string key) => sub.GetValueOrDefault(key) is { } v ? vars.Expand(v) : null;
        var a = new LogAppender(P("name") ?? id, kind, plugin)
        {
            FileName = P("fileName"),
            StdErr = string.Equals(P("target"), "SYSTEM_ERR", StringComparison.OrdinalIgnoreCase),
        };
        var layoutType = P("layout.type");
        if (layoutType is null || layoutType.Equals("PatternLayout", StringComparison.OrdinalIgnoreCase))
        {
            a.Pattern = sub.GetValueOrDefault("layout.pattern") ?? (layoutType is null ? null : "%m%n");
        }
        else
        {
            a.Notes.Add($"{layoutType} has no NLog counterpart here: FlumeNet's default layout is used");
        }
        var policies = PluginsByType(sub);
        if (policies.TryGetValue("THRESHOLDFILTER", out var filter) && sub.GetValueOrDefault(filter + "level") is { } threshold)
        {
            a.Threshold = threshold.ToUpperInvariant();
        }
        if (kind != LogAppenderKind.RollingFile)
        {
            return a;
        }
        var filePattern = P("filePattern");
        if (policies.TryGetValue("SIZEBASEDTRIGGERINGPOLICY", out var size))
        {
            a.MaxFileSize = LogSizes.ParseSize(sub.GetValueOrDefault(size + "size")) ?? 10L * 1024 * 1024;
        }
        if (policies.TryGetValue("TIMEBASEDTRIGGERINGPOLICY", out var time))
        {
            a.RollEvery = filePattern is not null && LogSizes.DatePatternIn(filePattern) is { } date ? LogSizes.PeriodOfDatePattern(date) : "Day";
            if (sub.GetValueOrDefault(time + "interval") is { } interval && interval != "1")
            {
                a.Notes.Add($"TimeBasedTriggeringPolicy interval {interval} is not carried: NLog rolls every {a.RollEvery}");
            }
        }
        if (policies.TryGetValue("CRONTRIGGERINGPOLICY", out var cron))
        {
            var schedule = sub.GetValueOrDefault(cron + "schedule") ?? string.Empty;
            a.RollEvery = LogSizes.PeriodOfCron(schedule) ?? "Day";
            a.Notes.Add($"cron schedule '{schedule}' rolls every {a.RollEvery} in NLog");
        }
        var counted = filePattern?.Contains("%i", StringComparison.Ordinal) == true;
        var max = policies.TryGetValue("DEFAULTROLLOVERSTRATEGY", out var strategy) && int.TryParse(sub.GetValueOrDefault(strategy + "max"), out var m) ? m : 7;
        if (counted || a.RollEvery is null)
        {
            a.MaxBackups = max;
            if (counted && a.RollEvery is not null)
            {
                a.Notes.Add($"log4j 2 keeps up to {max} files per {a.RollEvery.ToLowerInvariant()}; NLog keeps {max} archives in all");
            }
        }
        if (policies.ContainsKey("DELETE"))
        {
            a.Notes.Add("the Delete action (age or total-size limits on the archive) is not carried: maxArchiveFiles limits the count");
        }
        if (filePattern is not null)
        {
            a.Notes.Add($"archive names ({filePattern}) follow NLog's numbering next to the file");
        }
        return a;
    }

    // Nested components are declared by a '<path>.type = PluginName' key: map each plugin name to its key prefix.
    private static Dictionary<string, string> PluginsByType(Dictionary<string, string> sub)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in sub)
        {
            if (k.EndsWith(".type", StringComparison.Ordinal))
            {
                result.TryAdd(v.ToUpperInvariant(), k[..^"type".Length]);
            }
        }
        return result;
    }

    private static SortedDictionary<string, Dictionary<string, string>> Groups(Dictionary<string, string> props, string prefix)
    {
        var groups = new SortedDictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (k, v) in props)
        {
            if (!k.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var rest = k[prefix.Length..];
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0)
            {
                continue;
            }
            var id = rest[..dot];
            if (!groups.TryGetValue(id, out var sub))
            {
                sub = new Dictionary<string, string>(StringComparer.Ordinal);
                groups[id] = sub;
            }
            sub[rest[(dot + 1)..]] = v;
        }
        return groups;
    }

    private static Dictionary<string, string> Sub(Dictionary<string, string> props, string prefix)
    {
        var sub = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in props)
        {
            if (k.StartsWith(prefix, StringComparison.Ordinal))
            {
                sub[k[prefix.Length..]] = v;
            }
        }
        return sub;
    }
}
