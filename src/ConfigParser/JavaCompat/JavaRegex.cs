using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FlumeNet.ConfigParser.JavaCompat;

/// <summary>
/// Compiles a <c>java.util.regex</c> pattern from a Flume config into an equivalent .NET <see cref="Regex"/>. Most
/// syntax is shared; this rewrites the parts that would otherwise mean something else in .NET: <c>\d \w \s</c> and the
/// POSIX <c>\p{Alpha}</c> classes are ASCII-only in Java, <c>\Q…\E</c> quotes, possessive quantifiers become atomic
/// groups, and named groups are numbered left to right with the unnamed ones (in .NET they would come last).
/// Java-only constructs with no faithful rewrite (class intersection <c>&amp;&amp;</c>, nested classes) are refused
/// rather than silently read as literals.
/// </summary>
public sealed class JavaRegex
{
    private const string AsciiSpace = @" \t\n\x0B\f\r";
    private const string LineTerminators = @"\n\x0B\f\r\u0085\u2028\u2029";
    private const string HorizontalSpace = @" \t\xA0\u1680\u180E\u2000-\u200A\u202F\u205F\u3000";

    private static readonly Dictionary<string, string> PosixClasses = new(StringComparer.Ordinal)
    {
        ["Lower"] = "a-z",
        ["Upper"] = "A-Z",
        ["ASCII"] = @"\x00-\x7F",
        ["Alpha"] = "a-zA-Z",
        ["Digit"] = "0-9",
        ["Alnum"] = "a-zA-Z0-9",
        ["Punct"] = @"!-/:-@\[-`{-~",
        ["Graph"] = @"!-~",
        ["Print"] = @" -~",
        ["Blank"] = @" \t",
        ["Cntrl"] = @"\x00-\x1F\x7F",
        ["XDigit"] = "0-9a-fA-F",
        ["Space"] = AsciiSpace,
        ["javaLowerCase"] = @"\p{Ll}",
        ["javaUpperCase"] = @"\p{Lu}",
    };

    private readonly string _java;
    private readonly StringBuilder _out = new();
    private readonly Stack<int> _groupStarts = new();
    private readonly Dictionary<string, int> _groupNames = new(StringComparer.Ordinal);
    private int _pos;
    private int _groupCount;
    private int _atomStart = -1;

    private JavaRegex(string java) => _java = java;

    /// <summary>The translated .NET pattern.</summary>
    public string Pattern { get; private set; } = string.Empty;

    /// <summary>Number of capturing groups, numbered as Java numbers them.</summary>
    public int GroupCount => _groupCount;

    /// <summary>Java group names and their numbers (the .NET pattern keeps only the numbers).</summary>
    public IReadOnlyDictionary<string, int> GroupNames => _groupNames;

    /// <summary>Translates a Java pattern; throws <see cref="ArgumentException"/> for syntax with no .NET equivalent.</summary>
    public static JavaRegex Translate(string javaPattern)
    {
        ArgumentNullException.ThrowIfNull(javaPattern);
        var t = new JavaRegex(javaPattern);
        t.Run();
        return t;
    }

    /// <summary>The .NET regex; a bad pattern throws <see cref="ArgumentException"/>. Compile patterns used per event.</summary>
    public Regex ToRegex(bool compiled = true) =>
        new(Pattern, compiled ? RegexOptions.Compiled | RegexOptions.CultureInvariant : RegexOptions.CultureInvariant);

    public static Regex Compile(string javaPattern) => Translate(javaPattern).ToRegex();

    private void Run()
    {
        while (_pos < _java.Length)
        {
            var c = _java[_pos];
            switch (c)
            {
                case '\\':
                    Escape();
                    break;
                case '[':
                    _atomStart = _out.Length;
                    CharClass();
                    break;
                case '(':
                    OpenGroup();
                    break;
                case ')':
                    _pos++;
                    _out.Append(')');
                    _atomStart = _groupStarts.Count > 0 ? _groupStarts.Pop() : -1;
                    break;
                case '*' or '+' or '?':
                    _pos++;
                    _out.Append(c);
                    QuantifierSuffix();
                    break;
                case '{' when IsBoundedQuantifier(_pos, out var end):
                    _out.Append(_java, _pos, end - _pos);
                    _pos = end;
                    QuantifierSuffix();
                    break;
                default:
                    _atomStart = _out.Length;
                    _out.Append(c);
                    _pos++;
                    break;
            }
        }
        Pattern = _out.ToString();
    }

    private bool IsBoundedQuantifier(int start, out int end)
    {
        end = _java.IndexOf('}', start);
        if (end < 0)
        {
            return false;
        }
        for (var i = start + 1; i < end; i++)
        {
            if (!char.IsAsciiDigit(_java[i]) && _java[i] != ',')
            {
                return false;
            }
        }
        end++;
        return end - start > 2;
    }

    /// <summary>After a quantifier: a following '+' makes it possessive, which .NET spells as an atomic group.</summary>
    private void QuantifierSuffix()
    {
        if (_pos < _java.Length && _java[_pos] == '+' && _atomStart >= 0)
        {
            _pos++;
            _out.Insert(_atomStart, "(?>");
            _out.Append(')');
        }
        else if (_pos < _java.Length && _java[_pos] == '?')
        {
            _pos++;
            _out.Append('?');
        }
        _atomStart = -1;
    }

    private void OpenGroup()
    {
        _groupStarts.Push(_out.Length);
        _pos++;
        if (_pos < _java.Length && _java[_pos] == '?')
        {
            _pos++;
            if (_pos + 1 < _java.Length && _java[_pos] == '<' && char.IsAsciiLetter(_java[_pos + 1]))
            {
                var close = _java.IndexOf('>', _pos);
                if (close < 0)
                {
                    throw new ArgumentException($"Unclosed group name in regex '{_java}'");
                }
                var name = _java[(_pos + 1)..close];
                if (!_groupNames.TryAdd(name, ++_groupCount))
                {
                    throw new ArgumentException($"Named capturing group <{name}> is already defined in regex '{_java}'");
                }
                _pos = close + 1;
                _out.Append('(');
                return;
            }
            _out.Append("(?");
            return;
        }
        _groupCount++;
        _out.Append('(');
    }

    private void Escape()
    {
        if (_pos + 1 >= _java.Length)
        {
            throw new ArgumentException($"Unexpected end of regex after '\\' in '{_java}'");
        }
        var c = _java[_pos + 1];
        _pos += 2;
        if (c == 'Q')
        {
            Quoted(inClass: false);
            return;
        }
        _atomStart = _out.Length;
        switch (c)
        {
            case 'd': _out.Append("[0-9]"); break;
            case 'D': _out.Append("[^0-9]"); break;
            case 'w': _out.Append("[a-zA-Z_0-9]"); break;
            case 'W': _out.Append("[^a-zA-Z_0-9]"); break;
            case 's': _out.Append('[').Append(AsciiSpace).Append(']'); break;
            case 'S': _out.Append("[^").Append(AsciiSpace).Append(']'); break;
            case 'h': _out.Append('[').Append(HorizontalSpace).Append(']'); break;
            case 'H': _out.Append("[^").Append(HorizontalSpace).Append(']'); break;
            case 'v': _out.Append('[').Append(LineTerminators).Append(']'); break;
            case 'V': _out.Append("[^").Append(LineTerminators).Append(']'); break;
            case 'R': _out.Append(@"(?:\r\n|[").Append(LineTerminators).Append("])"); break;
            case 'p' or 'P':
                var body = PropertyClass(out var negated);
                _out.Append(negated ^ (c == 'P') ? "[^" : "[").Append(body).Append(']');
                break;
            case 'k':
                _out.Append('\\').Append(NamedBackReference().ToString(CultureInfo.InvariantCulture));
                break;
            case '0':
                _out.Append(@"\x").Append(Octal().ToString("X2", CultureInfo.InvariantCulture));
                break;
            case 'x' when _pos < _java.Length && _java[_pos] == '{':
                AppendCodePoint(HexCodePoint(), inClass: false);
                break;
            case 'x' or 'u' or 'c':
                // Copied whole, so that a quantifier after \uFFFF, \xFF or \cX applies to the escape, not its last digit.
                var length = c switch { 'x' => 2, 'u' => 4, _ => 1 };
                if (_pos + length > _java.Length)
                {
                    throw new ArgumentException($"Incomplete \\{c} escape in regex '{_java}'");
                }
                _out.Append('\\').Append(c).Append(_java, _pos, length);
                _pos += length;
                break;
            default:
                _out.Append('\\').Append(c);
                break;
        }
    }

    private void CharClass()
    {
        _out.Append('[');
        _pos++;
        if (_pos < _java.Length && _java[_pos] == '^')
        {
            _out.Append('^');
            _pos++;
        }
        if (_pos < _java.Length && _java[_pos] == ']')
        {
            _out.Append(@"\]");
            _pos++;
        }
        while (_pos < _java.Length)
        {
            var c = _java[_pos];
            if (c == ']')
            {
                _out.Append(']');
                _pos++;
                return;
            }
            if (c == '[')
            {
                throw new ArgumentException($"Nested character classes (union) are not supported in regex '{_java}'");
            }
            if (c == '&' && _pos + 1 < _java.Length && _java[_pos + 1] == '&')
            {
                throw new ArgumentException($"Character class intersection (&&) is not supported in regex '{_java}'");
            }
            if (c == '\\')
            {
                ClassEscape();
                continue;
            }
            _out.Append(c);
            _pos++;
        }
        throw new ArgumentException($"Unclosed character class in regex '{_java}'");
    }

    private void ClassEscape()
    {
        if (_pos + 1 >= _java.Length)
        {
            throw new ArgumentException($"Unexpected end of regex after '\\' in '{_java}'");
        }
        var c = _java[_pos + 1];
        _pos += 2;
        switch (c)
        {
            case 'Q': Quoted(inClass: true); break;
            case 'd': _out.Append("0-9"); break;
            case 'w': _out.Append("a-zA-Z_0-9"); break;
            case 's': _out.Append(AsciiSpace); break;
            case 'h': _out.Append(HorizontalSpace); break;
            case 'v': _out.Append(LineTerminators); break;
            case 'p' or 'P':
                var body = PropertyClass(out var negated);
                if (negated ^ (c == 'P'))
                {
                    if (body.StartsWith(@"\p{", StringComparison.Ordinal) && body.IndexOf('}') == body.Length - 1)
                    {
                        _out.Append(@"\P").Append(body, 2, body.Length - 2);
                        break;
                    }
                    throw new ArgumentException($"A negated POSIX class inside [...] is not supported in regex '{_java}'");
                }
                _out.Append(body);
                break;
            case '0':
                _out.Append(@"\x").Append(Octal().ToString("X2", CultureInfo.InvariantCulture));
                break;
            case 'x' when _pos < _java.Length && _java[_pos] == '{':
                AppendCodePoint(HexCodePoint(), inClass: true);
                break;
            default:
                _out.Append('\\').Append(c);
                break;
        }
    }

    /// <summary>Reads the name after \p or \P; returns what goes inside a .NET [...] for it.</summary>
    private string PropertyClass(out bool negated)
    {
        negated = false;
        string name;
        if (_pos < _java.Length && _java[_pos] == '{')
        {
            var close = _java.IndexOf('}', _pos);
            if (close < 0)
            {
                throw new ArgumentException($"Unclosed \\p{{...}} in regex '{_java}'");
            }
            name = _java[(_pos + 1)..close];
            _pos = close + 1;
        }
        else if (_pos < _java.Length)
        {
            name = _java[_pos].ToString();
            _pos++;
        }
        else
        {
            throw new ArgumentException($"Unexpected end of regex after \\p in '{_java}'");
        }
        if (name.StartsWith('^'))
        {
            negated = true;
            name = name[1..];
        }
        if (name.StartsWith("Is", StringComparison.Ordinal) && PosixClasses.TryGetValue(name[2..], out var posixIs))
        {
            return posixIs;
        }
        if (PosixClasses.TryGetValue(name, out var posix))
        {
            return posix;
        }
        if (name.StartsWith("In", StringComparison.Ordinal))
        {
            return @"\p{Is" + name[2..] + "}";
        }
        if (name.StartsWith("Is", StringComparison.Ordinal) && name.Length <= 4)
        {
            return @"\p{" + name[2..] + "}";
        }
        return @"\p{" + name + "}";
    }

    private int NamedBackReference()
    {
        if (_pos >= _java.Length || _java[_pos] != '<')
        {
            throw new ArgumentException($"\\k is not followed by <name> in regex '{_java}'");
        }
        var close = _java.IndexOf('>', _pos);
        var name = close < 0 ? string.Empty : _java[(_pos + 1)..close];
        if (!_groupNames.TryGetValue(name, out var number))
        {
            throw new ArgumentException($"Named capturing group <{name}> does not exist in regex '{_java}'");
        }
        _pos = close + 1;
        return number;
    }

    private int Octal()
    {
        var value = 0;
        var digits = 0;
        while (digits < 3 && _pos < _java.Length && _java[_pos] is >= '0' and <= '7' && value * 8 + (_java[_pos] - '0') <= 0xFF)
        {
            value = value * 8 + (_java[_pos] - '0');
            _pos++;
            digits++;
        }
        if (digits == 0)
        {
            throw new ArgumentException($"Illegal octal escape sequence in regex '{_java}'");
        }
        return value;
    }

    private int HexCodePoint()
    {
        var close = _java.IndexOf('}', _pos);
        if (close < 0 || !int.TryParse(_java.AsSpan(_pos + 1, close - _pos - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var cp)
            || cp > 0x10FFFF)
        {
            throw new ArgumentException($"Illegal \\x{{...}} escape in regex '{_java}'");
        }
        _pos = close + 1;
        return cp;
    }

    private void AppendCodePoint(int cp, bool inClass)
    {
        if (cp <= 0xFFFF)
        {
            _out.Append(@"\u").Append(cp.ToString("X4", CultureInfo.InvariantCulture));
            return;
        }
        if (inClass)
        {
            throw new ArgumentException($"Supplementary code points inside [...] are not supported in regex '{_java}'");
        }
        _out.Append("(?:").Append(Regex.Escape(char.ConvertFromUtf32(cp))).Append(')');
    }

    private void Quoted(bool inClass)
    {
        var end = _java.IndexOf(@"\E", _pos, StringComparison.Ordinal);
        var stop = end < 0 ? _java.Length : end;
        for (var i = _pos; i < stop; i++)
        {
            var ch = _java[i];
            if (!inClass)
            {
                _atomStart = _out.Length;
            }
            if (char.IsAsciiLetterOrDigit(ch) || ch == '_')
            {
                _out.Append(ch);
            }
            else
            {
                _out.Append(@"\u").Append(((int)ch).ToString("X4", CultureInfo.InvariantCulture));
            }
        }
        _pos = end < 0 ? _java.Length : end + 2;
    }
}
