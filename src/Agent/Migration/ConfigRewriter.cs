using System.Globalization;
using System.Text;
using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Properties;
using FlumeNet.ConfigParser.Validation;

namespace FlumeNet.Agent.Migration;

/// <summary>The output config and what changed in it.</summary>
public sealed class RewriteResult
{
    public RewriteResult(byte[] bytes, bool identical)
    {
        Bytes = bytes;
        Identical = identical;
    }

    public byte[] Bytes { get; }

    public bool Identical { get; }

    /// <summary>One line per edit, with the input line number, for the report.</summary>
    public List<string> Edits { get; } = [];

    public List<SecretMove> Secrets { get; } = [];

    public List<KeyFix> AppliedFixes { get; } = [];

    /// <summary>Plain-text secrets left where they are (no <c>--move-secrets</c>): line and key, never the value.</summary>
    public List<(int Line, string Key)> SecretsLeft { get; } = [];
}

/// <summary>
/// Writes the config to run: the input's bytes, with the fewest edits, each preceded by a <c># flumenet-migrate: …</c>
/// comment line. Secret values (per <see cref="SecretPolicy"/>, also in commented-out properties) are replaced by
/// <c>${env:NAME}</c> lookups so that no output holds them; proposed key fixes rename keys in place; marks only comment.
/// The file is handled as ISO-8859-1 bytes, as Java reads it, so untouched lines and line ends stay byte-identical.
/// </summary>
public static class ConfigRewriter
{
    public const string MarkPrefix = "# flumenet-migrate: ";

    private sealed class LineEdit
    {
        public List<string> Comments { get; } = [];

        public string? NewFirstLine { get; set; }

        public bool DropContinuation { get; set; }
    }

    /// <param name="moveSecrets">Replace plain-text secrets with <c>${env:…}</c> references (<c>--move-secrets</c>); otherwise they are only listed.</param>
    public static RewriteResult Rewrite(byte[] input, string file, SecretPolicy secrets, IReadOnlyList<LineMark> marks,
        IReadOnlyList<KeyFix> fixes, Func<string, string> variableFor, bool moveSecrets = true)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(marks);
        ArgumentNullException.ThrowIfNull(fixes);
        ArgumentNullException.ThrowIfNull(variableFor);
        var lines = SplitLines(Encoding.Latin1.GetString(input));
        var spans = Spans(lines);
        var edits = new SortedDictionary<int, LineEdit>();
        var readDiagnostics = new DiagnosticBag();
        var entries = PropertiesReader.Read(input, file, readDiagnostics);
        var result = new List<(int Line, string Text)>();
        var moves = new List<SecretMove>();
        var applied = new List<KeyFix>();
        var secretLines = new List<(int Index, string Key)>();
        foreach (var e in entries)
        {
            // A value that is only a reference (${env:X}, ${f['k']}) holds no secret; one with text around it may.
            if (e.Value.Length == 0 || IsOnlyAReference(e.Value) || !secrets.IsSecret(e.Key))
            {
                continue;
            }
            secretLines.Add((e.Location.Line - 1, e.Key));
        }
        // A secret line Java cannot read (a malformed \u escape) is not an entry, but its text holds the secret all the same.
        foreach (var d in readDiagnostics.Items)
        {
            if (d.Code == DiagnosticCodes.MalformedUnicodeEscape && (secrets.IsSecret(d.Key) || SecretKeys.LooksSecret(d.Key))
                && StartOf(spans, d.Location.Line - 1) is var start and >= 0 && !secretLines.Exists(l => l.Index == start))
            {
                secretLines.Add((start, d.Key));
            }
        }
        var left = new List<(int Line, string Key)>();
        foreach (var (index, key) in secretLines)
        {
            var line = index + 1;
            if (!moveSecrets)
            {
                left.Add((line, key));
                continue;
            }
            var variable = variableFor(key);
            var edit = Edit(edits, index);
            edit.NewFirstLine = KeyPart(lines[index].Text, key) is { } prefix ? prefix + $"${{env:{variable}}}" : EscapeKey(key) + $" = ${{env:{variable}}}";
            edit.DropContinuation = true;
            edit.Comments.Add($"secret value moved out of this file: set {variable} where the agent runs (see flumenet.env)");
            moves.Add(new SecretMove(line, key, variable, false));
            result.Add((line, $"line {line}: {key}: secret value replaced by ${{env:{variable}}}"));
        }
        if (moveSecrets)
        {
            ScrubComments(lines, spans, secrets, edits, moves, result);
        }
        foreach (var fix in fixes)
        {
            var index = fix.Line - 1;
            if (index < 0 || index >= lines.Count || edits.ContainsKey(index) && edits[index].NewFirstLine is not null
                || KeyPart(lines[index].Text, fix.FullKey) is not { } prefix)
            {
                continue;
            }
            var text = lines[index].Text;
            var leading = text[..(text.Length - text.TrimStart(' ', '\t', '\f').Length)];
            var edit = Edit(edits, index);
            if (fix.NewValue is null)
            {
                edit.NewFirstLine = leading + fix.NewKey + text[(leading.Length + fix.FullKey.Length)..];
            }
            else
            {
                edit.NewFirstLine = leading + fix.NewKey + prefix[(leading.Length + fix.FullKey.Length)..] + fix.NewValue;
                edit.DropContinuation = true;
            }
            var what = fix.NewValue is null ? $"renamed {fix.FullKey} to {fix.NewKey}" : $"renamed {fix.FullKey} to {fix.NewKey} = {fix.NewValue}";
            edit.Comments.Add($"{what}: {fix.Why}");
            applied.Add(fix);
            result.Add((fix.Line, $"line {fix.Line}: {what}"));
        }
        foreach (var mark in marks)
        {
            var index = StartOf(spans, mark.Line - 1);
            if (index < 0)
            {
                continue;
            }
            var edit = Edit(edits, index);
            if (!edit.Comments.Contains(mark.Text))
            {
                edit.Comments.Add(mark.Text);
                result.Add((mark.Line, $"line {mark.Line}: marked: {mark.Text}"));
            }
        }
        var bytes = Encoding.Latin1.GetBytes(Render(lines, spans, edits));
        var rewrite = new RewriteResult(bytes, bytes.AsSpan().SequenceEqual(input));
        rewrite.Edits.AddRange(result.OrderBy(r => r.Line).Select(r => r.Text));
        rewrite.Secrets.AddRange(moves);
        rewrite.AppliedFixes.AddRange(applied);
        rewrite.SecretsLeft.AddRange(left.OrderBy(l => l.Line));
        return rewrite;
    }

    /// <summary>True when the whole value is one <c>${…}</c> reference (balanced braces), so it holds no secret text itself.</summary>
    public static bool IsOnlyAReference(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var v = value.Trim();
        if (!v.StartsWith("${", StringComparison.Ordinal) || !v.EndsWith('}'))
        {
            return false;
        }
        var depth = 0;
        for (var i = 0; i < v.Length; i++)
        {
            if (v[i] == '$' && i + 1 < v.Length && v[i + 1] == '{')
            {
                depth++;
                i++;
            }
            else if (v[i] == '}' && --depth == 0 && i != v.Length - 1)
            {
                return false;
            }
        }
        // ${NAME:-default} keeps its default in the file: a default is a value too.
        return depth == 0 && !v.Contains(":-", StringComparison.Ordinal);
    }

    /// <summary>The environment variable a secret moves to: <c>default-agent.sources.r1.accessKey</c> → <c>DEFAULT_AGENT_R1_ACCESSKEY</c>.</summary>
    public static string VariableName(string fullKey)
    {
        ArgumentNullException.ThrowIfNull(fullKey);
        var parts = fullKey.Split('.');
        var kept = parts.Length >= 4 ? parts.Take(1).Concat(parts.Skip(2)) : parts;
        var sb = new StringBuilder();
        foreach (var ch in string.Join('_', kept))
        {
            var c = char.IsAsciiLetterOrDigit(ch) ? char.ToUpperInvariant(ch) : '_';
            if (c != '_' || (sb.Length > 0 && sb[^1] != '_'))
            {
                sb.Append(c);
            }
        }
        var name = sb.ToString().TrimEnd('_');
        return name.Length == 0 || char.IsAsciiDigit(name[0]) ? "FLUMENET_" + name : name;
    }

    private static void ScrubComments(List<(string Text, string End)> lines, int[] spans, SecretPolicy secrets,
        SortedDictionary<int, LineEdit> edits, List<SecretMove> moves, List<(int Line, string Text)> result)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (spans[i] <= 0)
            {
                continue;
            }
            var text = lines[i].Text;
            var body = text.TrimStart();
            if (body.Length == 0 || body[0] is not ('#' or '!') || body.StartsWith(MarkPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            var inner = body[1..].TrimStart();
            var keyEnd = inner.IndexOfAny([' ', '\t', '=', ':']);
            if (keyEnd <= 0)
            {
                continue;
            }
            var key = inner[..keyEnd];
            var rest = inner[keyEnd..].TrimStart(' ', '\t');
            if (rest.Length > 0 && rest[0] is '=' or ':')
            {
                rest = rest[1..].TrimStart(' ', '\t');
            }
            if (!key.Contains('.', StringComparison.Ordinal) || rest.Length == 0 || rest.Contains("${", StringComparison.Ordinal)
                || !(secrets.IsSecret(key) || SecretKeys.LooksSecret(key)))
            {
                continue;
            }
            var edit = Edit(edits, i);
            edit.NewFirstLine = text[..(text.Length - rest.Length)] + SecretKeys.Mask;
            edit.Comments.Add("secret value removed from this commented-out line");
            moves.Add(new SecretMove(i + 1, key, string.Empty, true));
            result.Add((i + 1, $"line {i + 1}: commented-out {key}: secret value replaced by {SecretKeys.Mask}"));
        }
    }

    /// <summary>The first physical line up to where the value starts, when the key is written plainly on it; else null.</summary>
    private static string? KeyPart(string line, string key)
    {
        var start = line.Length - line.TrimStart(' ', '\t', '\f').Length;
        if (string.CompareOrdinal(line, start, key, 0, key.Length) != 0)
        {
            return null;
        }
        var i = start + key.Length;
        if (i < line.Length && line[i] is not (' ' or '\t' or '\f' or '=' or ':'))
        {
            return null;
        }
        while (i < line.Length && line[i] is ' ' or '\t' or '\f')
        {
            i++;
        }
        if (i < line.Length && line[i] is '=' or ':')
        {
            i++;
        }
        while (i < line.Length && line[i] is ' ' or '\t' or '\f')
        {
            i++;
        }
        return line[..i];
    }

    private static string EscapeKey(string key)
    {
        var sb = new StringBuilder();
        foreach (var c in key)
        {
            if (c is ' ' or ':' or '=' or '#' or '!' or '\\')
            {
                sb.Append('\\').Append(c);
            }
            else if (c < ' ' || c > '~')
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private static LineEdit Edit(SortedDictionary<int, LineEdit> edits, int index)
    {
        if (!edits.TryGetValue(index, out var edit))
        {
            edit = new LineEdit();
            edits[index] = edit;
        }
        return edit;
    }

    private static List<(string Text, string End)> SplitLines(string text)
    {
        var lines = new List<(string, string)>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || text[i] == '\r')
            {
                var end = text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? "\r\n" : text[i].ToString();
                lines.Add((text[start..i], end));
                i += end.Length - 1;
                start = i + 1;
            }
        }
        if (start < text.Length)
        {
            lines.Add((text[start..], string.Empty));
        }
        return lines;
    }

    // spans[i] = physical lines in the logical line starting at i; 0 for continuation lines. Comments never continue.
    private static int[] Spans(List<(string Text, string End)> lines)
    {
        var spans = new int[lines.Count];
        var i = 0;
        while (i < lines.Count)
        {
            var body = lines[i].Text.TrimStart(' ', '\t', '\f');
            var j = i;
            if (body.Length > 0 && body[0] is not ('#' or '!'))
            {
                while (j + 1 < lines.Count && EndsWithOddBackslashes(lines[j].Text))
                {
                    j++;
                }
            }
            spans[i] = j - i + 1;
            i = j + 1;
        }
        return spans;
    }

    private static bool EndsWithOddBackslashes(string s)
    {
        var n = 0;
        for (var i = s.Length - 1; i >= 0 && s[i] == '\\'; i--)
        {
            n++;
        }
        return n % 2 == 1;
    }

    private static int StartOf(int[] spans, int index)
    {
        if (index < 0 || index >= spans.Length)
        {
            return -1;
        }
        while (index > 0 && spans[index] == 0)
        {
            index--;
        }
        return index;
    }

    private static string Render(List<(string Text, string End)> lines, int[] spans, SortedDictionary<int, LineEdit> edits)
    {
        var newline = lines.FirstOrDefault(l => l.End.Length > 0).End ?? "\n";
        if (newline.Length == 0)
        {
            newline = "\n";
        }
        var sb = new StringBuilder();
        var i = 0;
        while (i < lines.Count)
        {
            var span = Math.Max(1, spans[i]);
            if (edits.TryGetValue(i, out var edit))
            {
                foreach (var c in edit.Comments)
                {
                    sb.Append(MarkPrefix).Append(Ascii(c)).Append(newline);
                }
                if (edit.NewFirstLine is not null)
                {
                    var last = edit.DropContinuation ? lines[i + span - 1] : lines[i];
                    sb.Append(edit.NewFirstLine).Append(last.End.Length > 0 || i + span < lines.Count ? (last.End.Length > 0 ? last.End : newline) : string.Empty);
                    var from = edit.DropContinuation ? i + span : i + 1;
                    for (var k = from; k < i + span; k++)
                    {
                        sb.Append(lines[k].Text).Append(lines[k].End);
                    }
                    i += span;
                    continue;
                }
            }
            for (var k = i; k < i + span; k++)
            {
                sb.Append(lines[k].Text).Append(lines[k].End);
            }
            i += span;
        }
        return sb.ToString();
    }

    // Comment lines stay ASCII: the file is ISO-8859-1 and messages may hold typographic characters.
    private static string Ascii(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '→' => "->",
                '…' => "...",
                '≥' => ">=",
                '≤' => "<=",
                '↔' => "<->",
                '–' or '—' => "-",
                '‘' or '’' => "'",
                '“' or '”' => "\"",
                '\r' or '\n' => " ",
                > '~' => "?",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }
}
