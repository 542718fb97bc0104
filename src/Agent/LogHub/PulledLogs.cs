using System.Buffers;

namespace FlumeNet.Agent.LogHub;

/// <summary>
/// One PullLogs answer: the decompressed <c>LogGroupList</c> in a pooled buffer (returned on dispose), the cursor to
/// continue from, and how many log groups the server announced.
/// </summary>
public sealed class PulledLogs : IDisposable
{
    private byte[]? _buffer;

    public PulledLogs(byte[] buffer, int length, string nextCursor, int groupCount, string cursor = "")
    {
        Cursor = cursor;
        _buffer = buffer;
        Length = length;
        NextCursor = nextCursor;
        GroupCount = groupCount;
    }

    public byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(PulledLogs));

    /// <summary>Bytes of the decompressed LogGroupList.</summary>
    public int Length { get; }

    public string NextCursor { get; }

    /// <summary>The cursor this pull started at.</summary>
    public string Cursor { get; }

    /// <summary>Log groups announced by the server (x-log-count), or -1 when absent.</summary>
    public int GroupCount { get; }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
