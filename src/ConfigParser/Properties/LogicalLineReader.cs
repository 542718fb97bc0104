using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace FlumeNet.ConfigParser.Properties;

/// <summary>
/// Joins physical lines into logical lines exactly as <c>java.util.Properties.LineReader</c> does for an InputStream
/// (ISO-8859-1, comments, continuations), and remembers which physical line each part of the logical line came from.
/// </summary>
internal ref struct LogicalLineReader
{
    // Bytes that end a run of plainly copied characters: line ends, backslashes and non-ASCII (tracked per line).
    private static readonly SearchValues<byte> Special = SearchValues.Create(
        [(byte)'\r', (byte)'\n', (byte)'\\', .. Enumerable.Range(0x80, 0x80).Select(b => (byte)b)]);

    private readonly ReadOnlySpan<byte> _bytes;
    private readonly List<(int Offset, int Line)> _segments;
    private readonly List<HighByteLine> _highLines;
    private char[] _buffer;
    private int _length;
    private int _pos;
    private int _line;

    public LogicalLineReader(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes;
        _segments = [];
        _highLines = [];
        _buffer = ArrayPool<char>.Shared.Rent(256);
        _line = 1;
    }

    /// <summary>The current logical line: continuations joined, escapes not yet converted.</summary>
    public readonly ReadOnlySpan<char> Line => _buffer.AsSpan(0, _length);

    /// <summary>The physical line holding the first character of the current logical line.</summary>
    public int StartLine { get; private set; }

    /// <summary>Physical lines of the current logical line that hold bytes ≥ 0x80, in order.</summary>
    public readonly List<HighByteLine> HighByteLines => _highLines;

    /// <summary>The physical line that holds the character at <paramref name="offset"/> of <see cref="Line"/>.</summary>
    public readonly int LineAt(int offset)
    {
        var line = StartLine;
        foreach (var (start, physical) in _segments)
        {
            if (start > offset)
            {
                break;
            }
            line = physical;
        }
        return line;
    }

    /// <summary>Reads the next logical line; false at end of input. Mirrors <c>LineReader.readLine</c> step by step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once at startup: skip tier-0 code
    public bool ReadLine()
    {
        _length = 0;
        var skipWhiteSpace = true;
        var appendedLineBegin = false;
        var precedingBackslash = false;
        var bytes = _bytes;
        while (true)
        {
            if (_pos >= bytes.Length)
            {
                return EndOfInput(precedingBackslash);
            }
            var c = (char)bytes[_pos++];
            if (skipWhiteSpace)
            {
                if (c is ' ' or '\t' or '\f')
                {
                    continue;
                }
                if (!appendedLineBegin && c is '\r' or '\n')
                {
                    CountLineBreak(c);
                    continue;
                }
                skipWhiteSpace = false;
                appendedLineBegin = false;
            }
            if (_length == 0 && c is '#' or '!')
            {
                // A comment swallows its whole line, a trailing backslash included.
                SkipComment();
                skipWhiteSpace = true;
                continue;
            }
            if (c is not ('\n' or '\r'))
            {
                Append(c);
                precedingBackslash = c == '\\' && !precedingBackslash;
                // Past the first character nothing is skipped until the line ends: copy plain runs in bulk.
                var run = bytes[_pos..].IndexOfAny(Special);
                run = run < 0 ? bytes.Length - _pos : run;
                if (run > 0)
                {
                    AppendRun(bytes.Slice(_pos, run));
                    _pos += run;
                    precedingBackslash = false;
                }
                continue;
            }
            CountLineBreak(c);
            if (_length == 0)
            {
                skipWhiteSpace = true;
                continue;
            }
            if (_pos >= bytes.Length)
            {
                return EndOfInput(precedingBackslash);
            }
            if (!precedingBackslash)
            {
                return true;
            }
            // Odd trailing backslashes: drop one and join the next line without its leading whitespace.
            _length--;
            skipWhiteSpace = true;
            appendedLineBegin = true;
            precedingBackslash = false;
            if (c == '\r' && bytes[_pos] == '\n')
            {
                _pos++;
            }
            _segments.Add((_length, _line));
        }
    }

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = [];
    }

    private bool EndOfInput(bool precedingBackslash)
    {
        if (_length == 0)
        {
            return false;
        }
        if (precedingBackslash)
        {
            _length--;
        }
        return true;
    }

    private void Append(char c)
    {
        if (_length == 0)
        {
            StartLine = _line;
            _segments.Clear();
            _highLines.Clear();
        }
        if (_length == _buffer.Length)
        {
            Grow(_length + 1);
        }
        if (c >= '\u0080')
        {
            var n = _highLines.Count;
            if (n > 0 && _highLines[n - 1].Line == _line)
            {
                _highLines[n - 1] = _highLines[n - 1] with { LastOffset = _length };
            }
            else
            {
                _highLines.Add(new HighByteLine(_line, _length, _length));
            }
        }
        _buffer[_length++] = c;
    }

    private void AppendRun(ReadOnlySpan<byte> run)
    {
        if (_length + run.Length > _buffer.Length)
        {
            Grow(_length + run.Length);
        }
        _length += Encoding.Latin1.GetChars(run, _buffer.AsSpan(_length));
    }

    private void Grow(int needed)
    {
        var bigger = ArrayPool<char>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private void SkipComment()
    {
        var end = _bytes[_pos..].IndexOfAny((byte)'\r', (byte)'\n');
        if (end < 0)
        {
            _pos = _bytes.Length;
            return;
        }
        _pos += end + 1;
        CountLineBreak((char)_bytes[_pos - 1]);
    }

    // "\r\n" is one break; _pos is just past c.
    private void CountLineBreak(char c)
    {
        if (c == '\r' || _pos < 2 || _bytes[_pos - 2] != '\r')
        {
            _line++;
        }
    }
}
