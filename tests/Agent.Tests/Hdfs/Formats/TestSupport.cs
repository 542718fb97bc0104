using System.Globalization;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Tests.Hdfs.Formats;

internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>A memory stream that counts Flush calls, to check who flushes (hflush) the file.</summary>
internal sealed class FlushCountingStream : MemoryStream
{
    public int Flushes { get; private set; }

    public override void Flush()
    {
        Flushes++;
        base.Flush();
    }
}

/// <summary>A stream whose writes fail, as a lost datanode or WebHDFS error would.</summary>
internal sealed class FailingStream : MemoryStream
{
    public override void Write(byte[] buffer, int offset, int count) => throw new IOException("write failed");

    public override void Write(ReadOnlySpan<byte> buffer) => throw new IOException("write failed");
}

internal static class Events
{
    public static FlumeEvent Make(string body, long? timestamp = null) => Make(System.Text.Encoding.UTF8.GetBytes(body), timestamp);

    public static FlumeEvent Make(byte[] body, long? timestamp = null)
    {
        var e = new FlumeEvent(body);
        if (timestamp is { } ts)
        {
            e.Headers["timestamp"] = ts.ToString(CultureInfo.InvariantCulture);
        }
        return e;
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
