using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Sources;

/// <summary>
/// Splits a byte stream into <c>\n</c>-terminated lines without copying more than once: each line becomes one event body.
/// A line longer than the limit (counting its newline) is skipped up to its newline and reported. Not thread-safe.
/// </summary>
internal sealed class LineBatchReader
{
    private readonly int _maxLineLength;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _discarding;

    public LineBatchReader(int maxLineLength) => _maxLineLength = maxLineLength;

    /// <summary>Reads more bytes; 0 at end of stream.</summary>
    public async ValueTask<int> FillAsync(Stream stream, CancellationToken ct)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        var n = await stream.ReadAsync(_buffer.AsMemory(_end), ct).ConfigureAwait(false);
        _end += n;
        return n;
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
