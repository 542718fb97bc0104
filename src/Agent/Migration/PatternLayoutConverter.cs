using System.Globalization;
using System.Text;
using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.Agent.Migration;

/// <summary>
/// Converts a log4j PatternLayout conversion pattern to an NLog layout: <c>%d{…}</c> → <c>${date:format=…}</c>,
/// <c>%p</c>/<c>%-5p</c> → <c>${level}</c> with padding, <c>%t</c>, <c>%c</c>, <c>%C</c>, <c>%M</c>, <c>%L</c>, <c>%l</c>,
/// <c>%m</c>, <c>%x</c>, <c>%X{k}</c>, <c>%n</c> and log4j 2's long names. The trailing <c>%n</c> is dropped (NLog ends
/// each record itself) and, as log4j does, an exception is appended when the pattern has no throwable conversion.
/// </summary>
public static class PatternLayoutConverter
{
    public const string ExceptionSuffix = "${onexception:${newline}${exception:format=tostring}}";

    private const string Newline = "${newline}";
    private const string ExceptionRenderer = "${exception:format=tostring}";

    private static readonly string[] Names =
    [
        "c", "C", "d", "F", "l", "L", "m", "M", "n", "p", "r", "t", "T", "x", "X",
        "logger", "lo", "class", "date", "file", "location", "line", "msg", "message", "method", "level", "relative",
        "thread", "tn", "threadName", "tid", "threadId", "throwable", "ex", "exception", "xEx", "xThrowable", "rEx",
        "rThrowable", "NDC", "ndc", "MDC", "mdc", "highlight", "style", "equals", "notEmpty", "variablesNotEmpty",
        "hostName", "pid", "processId", "enc", "encode", "marker", "sn", "sequenceNumber",
    ];

    /// <summary>The pattern of Flume's shipped log4j.properties (1.9 / EMR): it becomes FlumeNet's built-in layout, so both agree.</summary>
    public const string FlumeDefaultPattern = "%d{dd MMM yyyy HH:mm:ss,SSS} %-5p [%t] (%C.%M:%L) %x - %m%n";

    public static string Convert(string pattern, bool log4j2, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(notes);
        if (pattern.Trim() == FlumeDefaultPattern)
        {
            notes.Add("Flume's default pattern becomes FlumeNet's built-in layout: (%C.%M:%L) shows the logger (the class), since a call site costs a stack walk per line; %x is empty in FlumeNet");
            return Hosting.AgentLogging.Layout;
        }
        var pieces = new List<string>();
        var hasThrowable = false;
        ConvertInto(pattern, log4j2, notes, pieces, ref hasThrowable);
        TrimNewlines(pieces);
        // "%m%n%throwable": the newline belongs to the exception, which NLog writes only when there is one.
        if (pieces.Count >= 2 && pieces[^1] == ExceptionRenderer && pieces[^2] == Newline)
        {
            pieces.RemoveRange(pieces.Count - 2, 2);
            TrimNewlines(pieces);
            hasThrowable = false;
        }
        var layout = string.Concat(pieces);
        return hasThrowable ? layout : layout + ExceptionSuffix;
    }

    private static void TrimNewlines(List<string> pieces)
    {
        while (pieces.Count > 0 && pieces[^1] == Newline)
        {
            pieces.RemoveAt(pieces.Count - 1);
        }
    }

    private static void ConvertInto(string p, bool log4j2, List<string> notes, List<string> pieces, ref bool hasThrowable)
    {
        var literal = new StringBuilder();
        var i = 0;
        while (i < p.Length)
        {
            if (p[i] != '%')
            {
                literal.Append(p[i++]);
                continue;
            }
            if (i + 1 < p.Length && p[i + 1] == '%')
            {
                literal.Append('%');
                i += 2;
                continue;
            }
            var start = i++;
            var leftAlign = i < p.Length && p[i] == '-';
            if (leftAlign)
            {
                i++;
            }
            var width = ReadDigits(p, ref i);
            int? precision = null;
            if (i < p.Length && p[i] == '.')
            {
                i++;
                precision = ReadDigits(p, ref i);
            }
            var name = ReadName(p, ref i);
            var options = new List<string>();
            while (i < p.Length && p[i] == '{' && ReadBraced(p, ref i) is { } option)
            {
                options.Add(option);
            }
            if (name.Length == 0)
            {
                notes.Add($"'{p[start..i]}' is not a conversion: kept as text");
                literal.Append(p, start, i - start);
                continue;
            }
            if (literal.Length > 0)
            {
                pieces.Add(literal.ToString());
                literal.Clear();
            }
            if (precision is not null)
            {
                notes.Add($"truncation '.{precision}' of %{name} is not carried");
            }
            var renderer = Renderer(name, options, log4j2, notes, ref hasThrowable);
            if (renderer is null)
            {
                continue;
            }
            pieces.Add(width is > 0 && renderer != Newline ? Pad(renderer, leftAlign ? -width.Value : width.Value) : renderer);
        }
        if (literal.Length > 0)
        {
            pieces.Add(literal.ToString());
        }
    }

    private static string? Renderer(string name, List<string> options, bool log4j2, List<string> notes, ref bool hasThrowable)
    {
        var first = options.Count > 0 ? options[0] : null;
        switch (name)
        {
            case "m" or "msg" or "message":
                return "${message}";
            case "n":
                return Newline;
            case "p" or "level":
                return "${level:uppercase=true}";
            case "c" or "logger" or "lo":
                if (first == "1")
                {
                    return "${logger:shortName=true}";
                }
                if (first is not null)
                {
                    notes.Add($"%{name}{{{first}}} (abbreviated logger name) becomes the full logger name");
                }
                return "${logger}";
            case "C" or "class":
                return first == "1"
                    ? "${callsite:className=true:methodName=false:includeNamespace=false}"
                    : "${callsite:className=true:methodName=false}";
            case "M" or "method":
                return "${callsite:className=false:methodName=true}";
            case "L" or "line":
                return "${callsite-linenumber}";
            case "l" or "location":
                return "${callsite:fileName=true}";
            case "F" or "file":
                return "${callsite-filename:includeSourcePath=false}";
            case "t" or "thread" or "tn" or "threadName":
                return "${threadname:whenEmpty=${threadid}}";
            case "T" or "tid" or "threadId":
                return "${threadid}";
            case "d" or "date":
                return Date(first, options.Count > 1 ? options[1] : null, log4j2, notes);
            case "x" or "NDC" or "ndc":
                return "${scopenested}";
            case "X" or "MDC" or "mdc":
                if (first is null)
                {
                    notes.Add($"%{name} without a key (the whole map) is not carried");
                    return null;
                }
                return $"${{scopeproperty:item={Escape(first)}}}";
            case "r" or "relative":
                notes.Add($"%{name} (milliseconds since start) becomes ${{processtime}} (hh:mm:ss.fff since start)");
                return "${processtime}";
            case "throwable" or "ex" or "exception" or "xEx" or "xThrowable" or "rEx" or "rThrowable":
                hasThrowable = true;
                return ExceptionRenderer;
            case "hostName":
                return "${hostname}";
            case "pid" or "processId":
                return "${processid}";
            case "sn" or "sequenceNumber":
                return "${counter}";
            case "highlight" or "style" or "notEmpty" or "variablesNotEmpty" or "enc" or "encode" or "equals":
                if (name == "equals")
                {
                    notes.Add("%equals{…}{…}{…} keeps its first part only");
                }
                if (first is null)
                {
                    return null;
                }
                var inner = new List<string>();
                ConvertInto(first, log4j2, notes, inner, ref hasThrowable);
                return string.Concat(inner);
            default:
                notes.Add($"%{name} has no NLog counterpart here and is dropped");
                return null;
        }
    }

    private static string Date(string? format, string? zone, bool log4j2, List<string> notes)
    {
        var java = format is null ? JavaDatePattern.Named(log4j2 ? "DEFAULT" : "ISO8601", log4j2)! : JavaDatePattern.Named(format, log4j2) ?? format;
        if (format is "UNIX" or "UNIX_MILLIS")
        {
            notes.Add($"%d{{{format}}} (epoch time) becomes ${{ticks}} (.NET ticks)");
            return "${ticks}";
        }
        var sb = new StringBuilder("${date:format=").Append(Escape(JavaDatePattern.ToDotNet(java, notes)));
        if (zone is not null)
        {
            if (zone is "UTC" or "GMT" or "GMT+0" or "Etc/UTC")
            {
                sb.Append(":universalTime=true");
            }
            else
            {
                notes.Add($"time zone {zone} of %d is not carried: the local time zone is used");
            }
        }
        return sb.Append('}').ToString();
    }

    // NLog's own padding for a plain renderer; the pad wrapper when the renderer nests another one.
    private static string Pad(string renderer, int padding)
    {
        var p = padding.ToString(CultureInfo.InvariantCulture);
        var simple = renderer.StartsWith("${", StringComparison.Ordinal) && renderer.EndsWith('}')
            && renderer.IndexOf("${", 2, StringComparison.Ordinal) < 0 && renderer.IndexOf('}') == renderer.Length - 1;
        if (simple)
        {
            return renderer[..^1] + ":padding=" + p + "}";
        }
        return "${pad:padding=" + p + ":inner=" + renderer + "}";
    }

    // Renderer parameters treat ':', '}' and '\' as syntax: escape them.
    private static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is ':' or '}' or '\\')
            {
                sb.Append('\\');
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static int? ReadDigits(string p, ref int i)
    {
        var start = i;
        while (i < p.Length && char.IsAsciiDigit(p[i]))
        {
            i++;
        }
        return i > start ? int.Parse(p.AsSpan(start, i - start), CultureInfo.InvariantCulture) : null;
    }

    // The longest known conversion name at i (log4j 1 names are one letter, log4j 2 adds words).
    private static string ReadName(string p, ref int i)
    {
        var end = i;
        while (end < p.Length && char.IsAsciiLetter(p[end]))
        {
            end++;
        }
        for (var len = end - i; len > 0; len--)
        {
            var candidate = p.Substring(i, len);
            if (Array.IndexOf(Names, candidate) >= 0)
            {
                i += len;
                return candidate;
            }
        }
        if (end > i)
        {
            var unknown = p[i..end];
            i = end;
            return unknown;
        }
        return string.Empty;
    }

    private static string? ReadBraced(string p, ref int i)
    {
        var depth = 0;
        for (var j = i; j < p.Length; j++)
        {
            if (p[j] == '{')
            {
                depth++;
            }
            else if (p[j] == '}' && --depth == 0)
            {
                var inner = p[(i + 1)..j];
                i = j + 1;
                return inner;
            }
        }
        return null;
    }
}
