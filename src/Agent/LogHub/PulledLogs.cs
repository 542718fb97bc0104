using System.Buffers;

namespace FlumeNet.Agent.LogHub;

/// <summary>
/// One PullLogs answer: the decompressed <c>LogGroupList</c> in a pooled buffer (returned on dispose), the cursor to
/// continue from, how many log groups the server sent, and how much it read for them: with an SPL query the service
/// reads log groups it then filters out, and says so in <c>x-log-rawdatacount</c> / <c>x-log-rawdatasize</c> (the
/// names Alibaba's Go, Python and Rust SDKs read).
/// </summary>
public sealed class PulledLogs : IDisposable
{
    private byte[]? _buffer;

    public PulledLogs(byte[] buffer, int length, string nextCursor, int groupCount, string cursor = "", int rawGroupCount = -1, long rawSize = -1)
    {
        Cursor = cursor;
        _buffer = buffer;
        Length = length;
        NextCursor = nextCursor;
        GroupCount = groupCount;
        RawGroupCount = rawGroupCount;
        RawSize = rawSize;
    }

    public byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(PulledLogs));

    /// <summary>Bytes of the decompressed LogGroupList.</summary>
    public int Length { get; }

    public string NextCursor { get; }

    /// <summary>The cursor this pull started at.</summary>
    public string Cursor { get; }

    /// <summary>Log groups announced by the server (x-log-count), or -1 when absent.</summary>
    public int GroupCount { get; }

    /// <summary>Log groups the service read before the query filtered them (x-log-rawdatacount), or -1 when not sent.</summary>
    public int RawGroupCount { get; }

    /// <summary>Bytes the service read before the query filtered them (x-log-rawdatasize), or -1 when not sent.</summary>
    public long RawSize { get; }

    /// <summary>Log groups this pull moved the cursor past: the raw count when sent, else the count sent; -1 when unknown.</summary>
    public int ReadGroups => RawGroupCount >= 0 ? RawGroupCount : GroupCount;

    /// <summary>Bytes of log groups this pull moved the cursor past: the raw size when sent, else the decompressed body.</summary>
    public long ReadBytes => RawSize >= 0 ? RawSize : Length;

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
