using System.Text;

namespace FlumeNet.Agent.Migration;

/// <summary>
/// Reads the assignments of a <c>flume-env.sh</c> without running it: <c>[export] NAME=value</c> with single, double or
/// no quotes, <c>\</c> continuations, and <c>$NAME</c> / <c>${NAME}</c> / <c>${NAME:-default}</c> expanded from earlier
/// assignments (so <c>JAVA_OPTS="$JAVA_OPTS -D…"</c> accumulates). Anything else (if, functions, command substitution) is
/// reported as skipped, never executed.
/// </summary>
public static class EnvFileReader
{
    public static EnvFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(path, File.ReadAllText(path));
    }

    public static EnvFile Parse(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var exportedLater = new HashSet<string>(StringComparer.Ordinal);
        var assignments = new List<ShellAssignment>();
        var skipped = new List<int>();
        var depth = 0;
        foreach (var (line, number) in LogicalLines(text))
        {
            var s = line.Trim();
            if (s.Length == 0 || s[0] == '#')
            {
                continue;
            }
            // Assignments inside if/for/while/case blocks happen only sometimes: report them, never assume them.
            var opens = OpensBlock(s);
            var closes = ClosesBlock(s);
            if (opens || closes || depth > 0)
            {
                depth = Math.Max(0, depth + (opens ? 1 : 0) - (closes ? 1 : 0));
                skipped.Add(number);
                continue;
            }
            var exported = false;
            if (s.StartsWith("export ", StringComparison.Ordinal))
            {
                exported = true;
                s = s["export ".Length..].TrimStart();
            }
            var eq = NameEnd(s);
            if (eq <= 0 || eq >= s.Length || s[eq] != '=')
            {
                if (exported && AllNames(s))
                {
                    exportedLater.UnionWith(s.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                    continue;
                }
                skipped.Add(number);
                continue;
            }
            var name = s[..eq];
            if (!TryValue(s, eq + 1, values, name, out var value))
            {
                skipped.Add(number);
                continue;
            }
            values[name] = value;
            assignments.Add(new ShellAssignment(name, value, number, exported));
        }
        for (var i = 0; i < assignments.Count; i++)
        {
            if (exportedLater.Contains(assignments[i].Name))
            {
                assignments[i] = assignments[i] with { Exported = true };
            }
        }
        return new EnvFile(path, assignments, skipped);
    }

    // Physical lines ending in a backslash continue on the next one (outside single quotes, which is how these files are written).
    private static IEnumerable<(string Line, int Number)> LogicalLines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var sb = new StringBuilder();
        var start = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (sb.Length == 0)
            {
                start = i + 1;
            }
            var l = lines[i];
            if (l.EndsWith('\\') && !l.TrimStart().StartsWith('#'))
            {
                sb.Append(l, 0, l.Length - 1);
                continue;
            }
            sb.Append(l);
            yield return (sb.ToString(), start);
            sb.Clear();
        }
    }

    private static bool OpensBlock(string s) =>
        FirstWord(s) is "if" or "for" or "while" or "until" or "case" or "function" || s.EndsWith('{') || s.EndsWith("()", StringComparison.Ordinal);

    private static bool ClosesBlock(string s) =>
        FirstWord(s) is "fi" or "done" or "esac" or "}" || s.EndsWith("; fi", StringComparison.Ordinal) || s.EndsWith("; done", StringComparison.Ordinal);

    private static string FirstWord(string s)
    {
        var end = s.IndexOfAny([' ', '\t', ';']);
        return end < 0 ? s : s[..end];
    }

    private static int NameEnd(string s)
    {
        var i = 0;
        while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_'))
        {
            i++;
        }
        return i > 0 && !char.IsAsciiDigit(s[0]) ? i : -1;
    }

    private static bool AllNames(string s)
    {
        foreach (var n in s.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (NameEnd(n) != n.Length)
            {
                return false;
            }
        }
        return true;
    }

    /// <returns>False when the value holds what only a shell can evaluate (command substitution, several statements).</returns>
    private static bool TryValue(string s, int i, Dictionary<string, string> values, string name, out string value)
    {
        var sb = new StringBuilder();
        value = string.Empty;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '\'')
            {
                var end = s.IndexOf('\'', i + 1);
                if (end < 0)
                {
                    return false;
                }
                sb.Append(s, i + 1, end - i - 1);
                i = end + 1;
            }
            else if (c == '"')
            {
                i++;
                while (i < s.Length && s[i] != '"')
                {
                    if (s[i] == '\\' && i + 1 < s.Length && "\"\\$`".Contains(s[i + 1], StringComparison.Ordinal))
                    {
                        sb.Append(s[i + 1]);
                        i += 2;
                    }
                    else if (s[i] == '$')
                    {
                        if (!Expand(s, ref i, values, name, sb))
                        {
                            return false;
                        }
                    }
                    else if (s[i] == '`')
                    {
                        return false;
                    }
                    else
                    {
                        sb.Append(s[i++]);
                    }
                }
                if (i >= s.Length)
                {
                    return false;
                }
                i++;
            }
            else if (c == '\\' && i + 1 < s.Length)
            {
                sb.Append(s[i + 1]);
                i += 2;
            }
            else if (c == '$')
            {
                if (!Expand(s, ref i, values, name, sb))
                {
                    return false;
                }
            }
            else if (c == '`')
            {
                return false;
            }
            else if (char.IsWhiteSpace(c) || c == ';')
            {
                // Only a trailing comment may follow the value.
                var rest = s[i..].TrimStart(' ', '\t', ';');
                if (rest.Length > 0 && rest[0] != '#')
                {
                    return false;
                }
                break;
            }
            else
            {
                sb.Append(c);
                i++;
            }
        }
        value = sb.ToString();
        return true;
    }

    // $NAME, ${NAME}, ${NAME:-default}. A variable the file never set expands to nothing when it is the one being
    // assigned (JAVA_OPTS="$JAVA_OPTS …"), and is otherwise kept as written so the reader sees where it came from.
    private static bool Expand(string s, ref int i, Dictionary<string, string> values, string assigned, StringBuilder sb)
    {
        if (i + 1 < s.Length && s[i + 1] == '(')
        {
            return false;
        }
        string var;
        string? fallback = null;
        int end;
        if (i + 1 < s.Length && s[i + 1] == '{')
        {
            var close = s.IndexOf('}', i + 2);
            if (close < 0)
            {
                return false;
            }
            var inner = s[(i + 2)..close];
            var dash = inner.IndexOf(":-", StringComparison.Ordinal);
            var = dash < 0 ? inner : inner[..dash];
            fallback = dash < 0 ? null : inner[(dash + 2)..];
            end = close + 1;
        }
        else
        {
            var n = NameEnd(s[(i + 1)..]);
            if (n <= 0)
            {
                sb.Append('$');
                i++;
                return true;
            }
            var = s.Substring(i + 1, n);
            end = i + 1 + n;
        }
        if (values.TryGetValue(var, out var v) && v.Length > 0)
        {
            sb.Append(v);
        }
        else if (fallback is not null)
        {
            sb.Append(fallback);
        }
        else if (var != assigned)
        {
            sb.Append(s, i, end - i);
        }
        i = end;
        return true;
    }
}
