using System.Text;
using System.Text.Unicode;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Sources.SpoolDir.Deserializers;

/// <summary>
/// Flume's <c>LINE</c> deserializer (reference §7.2): one event per <c>\n</c>-terminated line (<c>\r</c> kept), the
/// body re-encoded in <c>outputCharset</c>. A line of <c>maxLineLength</c> characters or more (UTF-16 units, the
/// newline counted) is cut there and the rest becomes the next event, so a line of exactly that length yields an
/// extra empty event. Bytes are read in large blocks and lines found with a vectorised byte search, which holds for
/// ASCII-compatible charsets only (the binding refuses the others); valid UTF-8 to UTF-8 is copied, not transcoded.
/// </summary>
internal sealed class LineDeserializer : ISpoolDeserializer
{
    private const int BlockSize = 256 * 1024;
    private readonly FileStream _file;
    private readonly Encoding _input;
    private readonly Encoding _output;
    private readonly Decoder _decoder;
    private readonly int _maxLineLength;
    private readonly int _cutThreshold;
    private readonly bool _utf8Copy;
    private readonly bool _latin1Copy;
    private byte[] _buffer;
    private char[] _chars = new char[256];
    private int _start;
    private int _end;
    private long _bufferOffset;
    private bool _eof;

    /// <param name="input">The input charset with the decode-error policy as its decoder fallback.</param>
    public LineDeserializer(FileStream file, Encoding input, Encoding output, int maxLineLength)
    {
        _file = file;
        _input = input;
        _output = output;
        _decoder = input.GetDecoder();
        _maxLineLength = Math.Max(1, maxLineLength);
        _cutThreshold = (int)Math.Min(int.MaxValue / 2, (long)_maxLineLength * Math.Max(1, input.GetMaxByteCount(1)));
        _buffer = new byte[Math.Max(BlockSize, Math.Min(_cutThreshold + 1, 64 << 20))];
        _utf8Copy = input.CodePage == Encoding.UTF8.CodePage && output.CodePage == Encoding.UTF8.CodePage;
        _latin1Copy = input.CodePage == Encoding.Latin1.CodePage && output.CodePage == Encoding.Latin1.CodePage;
        Seek(0);
    }

    /// <summary>Whether lines of <paramref name="charset"/> can be split on the byte <c>\n</c>.</summary>
    public static bool IsAsciiCompatible(Encoding charset) =>
        charset.GetBytes("\n").AsSpan().SequenceEqual("\n"u8) && charset.GetBytes("A").AsSpan().SequenceEqual("A"u8);

    public long Position => _bufferOffset + _start;

    public void Seek(long position)
    {
        _bufferOffset = position;
        _start = _end = 0;
        _eof = false;
    }

    public void ReadEvents(int max, List<FlumeEvent> events)
    {
        while (events.Count < max)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            var nl = span.IndexOf((byte)'\n');
            if (nl < 0 && span.Length < _cutThreshold && !_eof)
            {
                Fill();
                continue;
            }
            if (nl < 0 && span.Length == 0)
            {
                return;
            }
            var hasNewline = nl >= 0;
            var line = hasNewline ? span[..nl] : span;
            // Every char takes at least one byte, so a line shorter than the limit in bytes is shorter in chars too.
            if (hasNewline && line.Length < _maxLineLength)
            {
                events.Add(new FlumeEvent(Encode(line)));
                _start += nl + 1;
                continue;
            }
            var (bytesUsed, chars) = DecodeUpTo(line, _maxLineLength);
            if (chars >= _maxLineLength)
            {
                events.Add(new FlumeEvent(Encode(line[..bytesUsed])));
                _start += bytesUsed;
            }
            else if (hasNewline)
            {
                events.Add(new FlumeEvent(Encode(line)));
                _start += nl + 1;
            }
            else
            {
                // The end of the file without a newline: the last line as it is.
                events.Add(new FlumeEvent(Encode(line)));
                _start += line.Length;
            }
        }
    }

    public void Dispose() => _file.Dispose();

    private byte[] Encode(ReadOnlySpan<byte> line)
    {
        if (_latin1Copy || (_utf8Copy && Utf8.IsValid(line)))
        {
            return line.ToArray();
        }
        var count = _input.GetCharCount(line);
        if (_chars.Length < count)
        {
            _chars = new char[Math.Max(count, _chars.Length * 2)];
        }
        var n = _input.GetChars(line, _chars);
        return _output.GetBytes(_chars, 0, n);
    }

    // Decodes at most maxChars chars of line: how many bytes they took and how many chars came out.
    private (int BytesUsed, int Chars) DecodeUpTo(ReadOnlySpan<byte> line, int maxChars)
    {
        if (_chars.Length < maxChars)
        {
            _chars = new char[maxChars];
        }
        _decoder.Reset();
        _decoder.Convert(line, _chars.AsSpan(0, maxChars), flush: true, out var bytesUsed, out var charsUsed, out _);
        return (bytesUsed, charsUsed);
    }

    private void Fill()
    {
        if (_start > 0)
        {
            var kept = _end - _start;
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, kept);
            _bufferOffset += _start;
            _start = 0;
            _end = kept;
        }
        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        var n = RandomAccess.Read(_file.SafeFileHandle, _buffer.AsSpan(_end), _bufferOffset + _end);
        if (n == 0)
        {
            _eof = true;
        }
        _end += n;
    }
}
