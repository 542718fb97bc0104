using System.Buffers;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Sources;

/// <summary>
/// Splits a byte stream into <c>\n</c>-terminated lines without copying more than once: each line becomes one event body.
/// A line longer than the limit (counting its newline) is skipped up to its newline and reported. The read buffer is
/// borrowed from the shared pool and given back by <see cref="Dispose"/>. Not thread-safe.
/// </summary>
internal sealed class LineBatchReader : IDisposable
{
    private const int ReadSize = 128 * 1024;
    private readonly int _maxLineLength;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
    private int _start;
    private int _end;
    private bool _discarding;

    public LineBatchReader(int maxLineLength) => _maxLineLength = maxLineLength;

    /// <summary>Reads more bytes, blocking until some arrive; 0 at end of stream.</summary>
    public int Fill(Stream stream)
    {
        MakeRoom();
        var n = stream.Read(_buffer.AsSpan(_end));
        _end += n;
        return n;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _start = _end = 0;
    }

    // Moves the unfinished line to the front; grows the buffer when that line fills it.
    private void MakeRoom()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
    }

    /// <summary>Adds complete lines to <paramref name="batch"/> (up to <paramref name="max"/>); true when it produced anything to deliver.</summary>
    public bool NextBatch(List<FlumeEvent> batch, int max, out int tooLong)
    {
        tooLong = 0;
        while (batch.Count < max)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            var nl = span.IndexOf((byte)'\n');
            if (nl < 0)
            {
                if (span.Length >= _maxLineLength)
                {
                    // Already too long without its newline: drop what we have and skip to the newline.
                    if (!_discarding)
                    {
                        tooLong++;
                    }
                    _discarding = true;
                    _start = _end;
                }
                break;
            }
            var lineLength = nl + 1;
            if (_discarding)
            {
                _discarding = false;
            }
            else if (lineLength > _maxLineLength)
            {
                tooLong++;
            }
            else
            {
                batch.Add(new FlumeEvent(span[..nl].ToArray()));
            }
            _start += lineLength;
        }
        return batch.Count > 0 || tooLong > 0;
    }
}
