using System.Globalization;
using FlumeNet.Agent.Core;
using Microsoft.Win32.SafeHandles;

namespace FlumeNet.Agent.Sources.Taildir;

/// <summary>
/// One followed file (reference §6.2): its identity, the committed position and an open handle read in large blocks.
/// Lines end at <c>\n</c>, one <c>\r</c> before it is dropped, bodies are the raw bytes, with no length limit. A last
/// line without <c>\n</c> is held back (the read position stays at its start) unless the caller drains the file.
/// Used by the source's poll thread only.
/// </summary>
internal sealed class TailFile : IDisposable
{
    private const int BlockSize = 256 * 1024;
    private byte[] _buffer = new byte[BlockSize];
    private int _start;
    private int _end;
    private long _bufferOffset;
    private long _lineReadPos;

    public TailFile(string path, ulong device, ulong inode, long pos, IReadOnlyDictionary<string, string> headers)
    {
        Path = path;
        Device = device;
        Inode = inode;
        Pos = pos;
        StoredPos = pos;
        Headers = headers;
        _lineReadPos = pos;
        _bufferOffset = pos;
    }

    public string Path { get; private set; }

    public ulong Device { get; }

    public ulong Inode { get; }

    /// <summary>The end of the last line the channels committed.</summary>
    public long Pos { get; private set; }

    /// <summary>The end of the last line the sinks stored (what the position file says).</summary>
    public long StoredPos { get; set; }

    /// <summary>Bumped whenever the position jumps (truncation), so acknowledgements of older batches are ignored.</summary>
    public int Epoch { get; private set; }

    /// <summary>Unix ms of the cycle that last committed a batch from this file (0 until then, as in Flume).</summary>
    public long LastUpdated { get; set; }

    public bool NeedTail { get; set; } = true;

    public IReadOnlyDictionary<string, string> Headers { get; set; }

    public SafeFileHandle? Handle { get; private set; }

    public bool IsOpen => Handle is not null;

    /// <summary>Opens the file (at <see cref="Pos"/>) if it is closed.</summary>
    /// <exception cref="IOException">It cannot be opened.</exception>
    public void Open()
    {
        if (Handle is not null)
        {
            return;
        }
        try
        {
            Handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Unable to open file {Path}: {ex.Message}", ex);
        }
        ResetTo(Pos);
    }

    /// <summary>The same inode now has another matching name (a rename while the handle was open).</summary>
    public void Renamed(string path) => Path = path;

    /// <summary>Moves committed and stored positions (truncation: back to 0).</summary>
    public void JumpTo(long pos)
    {
        Pos = pos;
        StoredPos = pos;
        Epoch++;
        ResetTo(pos);
    }

    /// <summary>Forgets what was read past the committed position (a batch the channels refused).</summary>
    public void Rewind() => ResetTo(Pos);

    /// <summary>Marks everything returned so far as committed; returns the new position.</summary>
    public long Commit()
    {
        Pos = _lineReadPos;
        return Pos;
    }

    public long Length() => Handle is null ? 0 : RandomAccess.GetLength(Handle);

    /// <summary>Reads up to <paramref name="max"/> lines into <paramref name="events"/>.</summary>
    /// <param name="holdPartial">Leave a last line without <c>\n</c> for later (normal polling); false drains it (idle close).</param>
    public void ReadEvents(int max, bool holdPartial, bool byteOffsetHeader, string? fileHeaderKey, List<FlumeEvent> events)
    {
        if (Handle is null)
        {
            return;
        }
        while (events.Count < max)
        {
            var lineStart = _lineReadPos;
            var nl = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (nl < 0)
            {
                if (Fill() > 0)
                {
                    continue;
                }
                if (holdPartial || _end == _start)
                {
                    return;
                }
                var rest = _buffer.AsSpan(_start, _end - _start);
                events.Add(MakeEvent(rest.ToArray(), lineStart, byteOffsetHeader, fileHeaderKey));
                _lineReadPos += rest.Length;
                _start = _end;
                return;
            }
            var line = _buffer.AsSpan(_start, nl);
            if (line.Length > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }
            events.Add(MakeEvent(line.ToArray(), lineStart, byteOffsetHeader, fileHeaderKey));
            _start += nl + 1;
            _lineReadPos += nl + 1;
        }
    }

    public void Close()
    {
        Handle?.Dispose();
        Handle = null;
        _start = _end = 0;
    }

    public void Dispose() => Close();

    private FlumeEvent MakeEvent(byte[] body, long offset, bool byteOffsetHeader, string? fileHeaderKey)
    {
        if (Headers.Count == 0 && !byteOffsetHeader && fileHeaderKey is null)
        {
            return new FlumeEvent(body);
        }
        var headers = new Dictionary<string, string>(Headers.Count + 2, StringComparer.Ordinal);
        foreach (var (k, v) in Headers)
        {
            headers[k] = v;
        }
        if (fileHeaderKey is not null)
        {
            headers[fileHeaderKey] = Path;
        }
        if (byteOffsetHeader)
        {
            headers["byteoffset"] = offset.ToString(CultureInfo.InvariantCulture);
        }
        return new FlumeEvent(body, headers);
    }

    private void ResetTo(long pos)
    {
        _lineReadPos = pos;
        _bufferOffset = pos;
        _start = _end = 0;
    }

    // Appends the next block after what is buffered; returns the bytes read (0 at end of file).
    private int Fill()
    {
        if (_start > 0)
        {
            var kept = _end - _start;
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, kept);
            _bufferOffset += _start;
            _start = 0;
            _end = kept;
        }
        if (_buffer.Length - _end < BlockSize / 2)
        {
            // A line longer than the buffer: there is no line length limit, so the buffer grows.
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        var n = RandomAccess.Read(Handle!, _buffer.AsSpan(_end), _bufferOffset + _end);
        _end += n;
        return n;
    }
}
