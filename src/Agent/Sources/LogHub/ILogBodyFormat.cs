using System.Buffers;
using FlumeNet.Agent.LogHub;

namespace FlumeNet.Agent.Sources.LogHub;

/// <summary>Turns one LogHub log into an event body. Not thread-safe: one per source, used under its delivery lock.</summary>
internal interface ILogBodyFormat
{
    /// <param name="timestamp">The event's timestamp header, in ms, as text (some formats append it).</param>
    void Write(LogRecord record, string timestamp, IBufferWriter<byte> output);

    /// <summary>The body as a new array; <paramref name="scratch"/> may be used meanwhile (a format with its own buffer copies once).</summary>
    byte[] ToBody(LogRecord record, string timestamp, ArrayBufferWriter<byte> scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        scratch.ResetWrittenCount();
        Write(record, timestamp, scratch);
        return scratch.WrittenSpan.ToArray();
    }
}
