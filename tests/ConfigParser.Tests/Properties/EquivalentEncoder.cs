using System.Text;

namespace FlumeNet.ConfigParser.Tests.Properties;

/// <summary>
/// Writes logical (key, value) pairs as properties text, choosing at random among spellings that
/// <c>Properties.load</c> reads back identically: escapes vs literals, separators, whitespace, continuations,
/// comments, blank lines and line ends. Independent of the reader under test.
/// </summary>
internal sealed class EquivalentEncoder
{
    private const string Whitespace = " \t\f";

    private readonly Random _rng;
    private readonly StringBuilder _out = new();
    private int _line = 1;
    private bool _lineOpen;

    public EquivalentEncoder(int seed) => _rng = new Random(seed);

    /// <summary>The text (all chars ≤ U+00FF) and the expected entries with the physical line each starts on.</summary>
    public (string Text, List<(string Key, string Value, int Line)> Expected) Encode(
        IReadOnlyList<(string Key, string Value)> entries)
    {
        var expected = new List<(string, string, int)>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            WriteNoise();
            var (key, value) = entries[i];
            expected.Add((key, value, WriteEntry(key, value, i == entries.Count - 1)));
        }
        if (!_lineOpen && _rng.Next(3) == 0)
        {
            WriteNoise();
        }
        return (_out.ToString(), expected);
    }

    private void WriteNoise()
    {
        var count = _rng.Next(4) == 0 ? _rng.Next(1, 4) : 0;
        for (var i = 0; i < count; i++)
        {
            if (_rng.Next(2) == 0)
            {
                _out.Append(RandomWhitespace(3)).Append(_rng.Next(2) == 0 ? '#' : '!');
                var text = RandomCommentText();
                _out.Append(text);
                if (_rng.Next(3) == 0)
                {
                    _out.Append('\\');
                }
            }
            else
            {
                _out.Append(RandomWhitespace(3));
            }
            EndLine();
        }
    }

    private int WriteEntry(string key, string value, bool last)
    {
        _out.Append(RandomWhitespace(3));
        _lineOpen = true;
        var startLine = _line;
        var separator = ChooseSeparator(key, value);
        var wsOnlySeparator = separator.Length > 0 && !separator.Contains('=', StringComparison.Ordinal)
            && !separator.Contains(':', StringComparison.Ordinal);
        var units = new List<string>();
        for (var i = 0; i < key.Length; i++)
        {
            units.Add(EncodeKeyChar(key[i], i == 0));
        }
        foreach (var c in separator)
        {
            units.Add(c.ToString());
        }
        for (var i = 0; i < value.Length; i++)
        {
            units.Add(EncodeValueChar(value[i], i == 0, wsOnlySeparator || separator.Length == 0));
        }
        var started = false;
        foreach (var unit in units)
        {
            // A break needs something already on the logical line (else the entry starts on the next line),
            // and would eat literal leading whitespace.
            var isWhitespace = Whitespace.Contains(unit[0], StringComparison.Ordinal);
            if (started && !isWhitespace && _rng.Next(5) == 0)
            {
                Continue();
            }
            _out.Append(unit);
            started |= !isWhitespace;
        }
        switch (_rng.Next(8))
        {
            case 0:
                // A continuation onto a whitespace-only line (or EOF) ends the entry too.
                Continue();
                if (!last || _rng.Next(2) == 0)
                {
                    EndLine();
                }
                break;
            case 1 when last:
                break;
            default:
                EndLine();
                break;
        }
        return startLine;
    }

    private string ChooseSeparator(string key, string value)
    {
        var sb = new StringBuilder();
        var kind = _rng.Next(key.Length == 0 ? 2 : value.Length == 0 ? 4 : 3);
        switch (kind)
        {
            case 0:
            case 1:
                sb.Append(RandomWhitespace(2)).Append(kind == 0 ? '=' : ':').Append(RandomWhitespace(2));
                break;
            case 2:
                sb.Append(Whitespace[_rng.Next(3)]).Append(RandomWhitespace(2));
                break;
            default:
                break;
        }
        return sb.ToString();
    }

    private string EncodeKeyChar(char c, bool first)
    {
        switch (c)
        {
            case ' ' or '\t' or '\f' or '=' or ':':
                return Pick(UnicodeEscape(c), "\\" + c, c == '\t' ? @"\t" : c == '\f' ? @"\f" : "\\" + c);
            case '#' or '!' when first:
                return Pick(UnicodeEscape(c), "\\" + c);
            default:
                return EncodeCommon(c);
        }
    }

    private string EncodeValueChar(char c, bool first, bool separatorMayFollow)
    {
        switch (c)
        {
            case ' ' or '\t' or '\f' when first:
                return Pick(UnicodeEscape(c), "\\" + c, c == '\t' ? @"\t" : c == '\f' ? @"\f" : "\\ ");
            case '=' or ':' when first && separatorMayFollow:
                return Pick(UnicodeEscape(c), "\\" + c);
            default:
                return EncodeCommon(c);
        }
    }

    private string EncodeCommon(char c) => c switch
    {
        '\\' => Pick(@"\\", UnicodeEscape(c)),
        '\n' => Pick(@"\n", UnicodeEscape(c)),
        '\r' => Pick(@"\r", UnicodeEscape(c)),
        '\t' => Pick(@"\t", UnicodeEscape(c), "\t", "\\\t"),
        '\f' => Pick(@"\f", UnicodeEscape(c), "\f", "\\\f"),
        > '\u00ff' => UnicodeEscape(c),
        't' or 'r' or 'n' or 'f' or 'u' => Pick(c.ToString(), UnicodeEscape(c)),
        _ => Pick(c.ToString(), c.ToString(), UnicodeEscape(c), "\\" + c),
    };

    private string UnicodeEscape(char c)
    {
        var hex = ((int)c).ToString("x4");
        var sb = new StringBuilder(@"\u");
        foreach (var h in hex)
        {
            sb.Append(_rng.Next(2) == 0 ? char.ToUpperInvariant(h) : h);
        }
        return sb.ToString();
    }

    private void Continue()
    {
        _out.Append('\\');
        EndLine();
        _out.Append(RandomWhitespace(4));
        _lineOpen = true;
    }

    private void EndLine()
    {
        // "\r" followed by "\n" would be one break, so never write a lone "\n" right after "\r".
        var afterCr = _out.Length > 0 && _out[^1] == '\r';
        _out.Append(_rng.Next(afterCr ? 2 : 3) switch
        {
            0 => "\r\n",
            1 => "\r",
            _ => "\n",
        });
        _line++;
        _lineOpen = false;
    }

    private string RandomWhitespace(int max)
    {
        var n = _rng.Next(max + 1);
        var sb = new StringBuilder(n);
        for (var i = 0; i < n; i++)
        {
            sb.Append(Whitespace[_rng.Next(3)]);
        }
        return sb.ToString();
    }

    private string RandomCommentText()
    {
        const string chars = "ab =:\\#!\t\u00e9\u00ff\u0001";
        var n = _rng.Next(8);
        var sb = new StringBuilder(n);
        for (var i = 0; i < n; i++)
        {
            sb.Append(chars[_rng.Next(chars.Length)]);
        }
        return sb.ToString();
    }

    private string Pick(params string[] options) => options[_rng.Next(options.Length)];
}
