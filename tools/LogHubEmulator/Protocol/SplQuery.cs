using System.Text;
using FlumeNet.Tools.LogHubEmulator.Protobuf;

namespace FlumeNet.Tools.LogHubEmulator.Protocol;

/// <summary>
/// The small part of SPL (the filter the service applies while a consumer reads, PullLogs' <c>query</c>) that the
/// emulator runs: <c>*</c> followed by stages <c>| where COND [and COND]…</c> with <c>FIELD = 'v'</c>,
/// <c>FIELD != 'v'</c>, <c>FIELD like 'pat%'</c> (<c>%</c> any run, <c>_</c> one character), and
/// <c>| project F1, F2</c>. Field names are case-sensitive (as in real-time consumption), bare or in double quotes;
/// a missing field compares as null (never true). Anything else is refused as the service refuses a query it cannot
/// parse: 400 <c>ParameterInvalid</c> "invalid query: …".
/// </summary>
internal sealed class SplQuery
{
    private readonly List<Func<LogRecord, LogRecord?>> _stages;

    private SplQuery(List<Func<LogRecord, LogRecord?>> stages) => _stages = stages;

    public static SplQuery Parse(string text)
    {
        var lexer = new Lexer(text);
        if (lexer.Next() is not { Kind: TokenKind.Star })
        {
            throw Invalid(text, "a real-time consumption query starts with '*' (index filters are not supported there)");
        }

        var stages = new List<Func<LogRecord, LogRecord?>>();
        while (true)
        {
            var t = lexer.Next();
            if (t.Kind == TokenKind.End)
            {
                return new SplQuery(stages);
            }

            if (t.Kind != TokenKind.Pipe)
            {
                throw Invalid(text, $"unexpected '{t.Text}' at {t.Position}, expecting '|'");
            }

            var instruction = lexer.Next();
            switch (instruction.Kind == TokenKind.Word ? instruction.Text.ToLowerInvariant() : "")
            {
                case "where":
                    stages.Add(ParseWhere(text, lexer));
                    break;
                case "project":
                    stages.Add(ParseProject(text, lexer));
                    break;
                default:
                    throw Invalid(text, $"mismatched input '{instruction.Text}' at {instruction.Position} expecting {{WHERE, PROJECT}} (the emulator runs only these)");
            }
        }
    }

    /// <summary>The log after every stage, or null when a <c>where</c> drops it.</summary>
    public LogRecord? Apply(LogRecord log)
    {
        LogRecord? current = log;
        foreach (var stage in _stages)
        {
            current = stage(current);
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    private static Func<LogRecord, LogRecord?> ParseWhere(string text, Lexer lexer)
    {
        var conditions = new List<Func<LogRecord, bool>>();
        while (true)
        {
            conditions.Add(ParseCondition(text, lexer));
            if (lexer.Peek() is { Kind: TokenKind.Word } next && next.Text.Equals("and", StringComparison.OrdinalIgnoreCase))
            {
                lexer.Next();
                continue;
            }

            break;
        }

        return log =>
        {
            foreach (var c in conditions)
            {
                if (!c(log))
                {
                    return null;
                }
            }

            return log;
        };
    }

    private static Func<LogRecord, bool> ParseCondition(string text, Lexer lexer)
    {
        var field = lexer.Next();
        if (field.Kind is not (TokenKind.Word or TokenKind.QuotedName))
        {
            throw Invalid(text, $"expecting a field name at {field.Position}, found '{field.Text}'");
        }

        var op = lexer.Next();
        var value = lexer.Next();
        if (value.Kind != TokenKind.String)
        {
            throw Invalid(text, $"expecting a quoted string at {value.Position}, found '{value.Text}' (the emulator compares with strings only)");
        }

        var name = field.Text;
        var expected = value.Text;
        switch (op.Kind == TokenKind.Word ? op.Text.ToLowerInvariant() : op.Text)
        {
            case "=":
                return log => Field(log, name) is { } v && v == expected;
            case "!=":
            case "<>":
                return log => Field(log, name) is { } v && v != expected;
            case "like":
                var pattern = expected;
                return log => Field(log, name) is { } v && Like(v, 0, pattern, 0);
            default:
                throw Invalid(text, $"operator '{op.Text}' at {op.Position} is not one of =, !=, like (the emulator's subset)");
        }
    }

    private static Func<LogRecord, LogRecord?> ParseProject(string text, Lexer lexer)
    {
        var names = new List<string>();
        while (true)
        {
            var field = lexer.Next();
            if (field.Kind is not (TokenKind.Word or TokenKind.QuotedName))
            {
                throw Invalid(text, $"expecting a field name at {field.Position}, found '{field.Text}'");
            }

            names.Add(field.Text);
            if (lexer.Peek().Kind != TokenKind.Comma)
            {
                break;
            }

            lexer.Next();
        }

        return log =>
        {
            var kept = new List<KeyValuePair<string, string>>();
            foreach (var name in names)
            {
                foreach (var c in log.Contents)
                {
                    if (c.Key == name)
                    {
                        kept.Add(c);
                        break;
                    }
                }
            }

            return log with { Contents = kept };
        };
    }

    private static string? Field(LogRecord log, string name)
    {
        string? value = null;
        foreach (var c in log.Contents)
        {
            if (c.Key == name)
            {
                value = c.Value;
            }
        }

        return value;
    }

    private static bool Like(string s, int si, string p, int pi)
    {
        while (pi < p.Length)
        {
            if (p[pi] == '%')
            {
                for (var k = si; k <= s.Length; k++)
                {
                    if (Like(s, k, p, pi + 1))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (si >= s.Length || (p[pi] != '_' && p[pi] != s[si]))
            {
                return false;
            }

            si++;
            pi++;
        }

        return si == s.Length;
    }

    private static LogHubException Invalid(string text, string why) =>
        LogHubErrors.ParameterInvalid($"invalid query: {why}; query: {text}");

    private enum TokenKind
    {
        End,
        Star,
        Pipe,
        Comma,
        Word,
        QuotedName,
        String,
        Operator,
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Position);

    private sealed class Lexer
    {
        private readonly string _text;
        private int _pos;
        private Token? _peeked;

        public Lexer(string text) => _text = text;

        public Token Peek() => _peeked ??= Read();

        public Token Next()
        {
            var t = Peek();
            _peeked = null;
            return t;
        }

        private Token Read()
        {
            while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
            {
                _pos++;
            }

            var start = _pos;
            if (_pos >= _text.Length)
            {
                return new Token(TokenKind.End, "<EOF>", start);
            }

            var c = _text[_pos];
            switch (c)
            {
                case '*':
                    _pos++;
                    return new Token(TokenKind.Star, "*", start);
                case '|':
                    _pos++;
                    return new Token(TokenKind.Pipe, "|", start);
                case ',':
                    _pos++;
                    return new Token(TokenKind.Comma, ",", start);
                case '\'':
                    return new Token(TokenKind.String, Quoted('\''), start);
                case '"':
                    return new Token(TokenKind.QuotedName, Quoted('"'), start);
                case '=':
                    _pos++;
                    return new Token(TokenKind.Operator, "=", start);
                case '!' or '<' or '>':
                    _pos++;
                    if (_pos < _text.Length && (_text[_pos] == '=' || (c == '<' && _text[_pos] == '>')))
                    {
                        _pos++;
                    }

                    return new Token(TokenKind.Operator, _text[start.._pos], start);
            }

            if (char.IsLetterOrDigit(c) || c == '_')
            {
                while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '.' or ':' or '-'))
                {
                    _pos++;
                }

                return new Token(TokenKind.Word, _text[start.._pos], start);
            }

            _pos++;
            return new Token(TokenKind.Operator, c.ToString(), start);
        }

        // SQL quoting: the quote doubled stands for itself.
        private string Quoted(char quote)
        {
            var sb = new StringBuilder();
            _pos++;
            while (_pos < _text.Length)
            {
                if (_text[_pos] == quote)
                {
                    if (_pos + 1 < _text.Length && _text[_pos + 1] == quote)
                    {
                        sb.Append(quote);
                        _pos += 2;
                        continue;
                    }

                    _pos++;
                    return sb.ToString();
                }

                sb.Append(_text[_pos++]);
            }

            throw Invalid(_text, $"unterminated {quote}...{quote} at the end");
        }
    }
}
