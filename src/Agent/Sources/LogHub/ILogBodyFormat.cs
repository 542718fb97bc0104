using System.Buffers;
using FlumeNet.Agent.LogHub;

namespace FlumeNet.Agent.Sources.LogHub;

/// <summary>Turns one LogHub log into an event body. Not thread-safe: one per source, used under its delivery lock.</summary>
internal interface ILogBodyFormat
{
    /// <param name="timestamp">The event's timestamp header, in ms, as text (some formats append it).</param>
    void Write(LogRecord record, string timestamp, IBufferWriter<byte> output);
}
