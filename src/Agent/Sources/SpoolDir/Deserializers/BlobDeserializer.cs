using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Sources.SpoolDir.Deserializers;

/// <summary>
/// The morphline module's <c>BlobDeserializer</c> (reference §7.2): the whole file as one event, or consecutive events
/// of <c>maxBlobLength</c> bytes when it is longer.
/// </summary>
internal sealed class BlobDeserializer : ISpoolDeserializer
{
    private readonly FileStream _file;
    private readonly long _maxBlobLength;

    public BlobDeserializer(FileStream file, long maxBlobLength)
    {
        _file = file;
        _maxBlobLength = Math.Max(1, maxBlobLength);
    }

    public long Position { get; private set; }

    public void Seek(long position) => Position = position;

    public void ReadEvents(int max, List<FlumeEvent> events)
    {
        while (events.Count < max)
        {
            var remaining = RandomAccess.GetLength(_file.SafeFileHandle) - Position;
            if (remaining <= 0)
            {
                return;
            }
            var body = new byte[(int)Math.Min(Math.Min(remaining, _maxBlobLength), Array.MaxLength)];
            var read = 0;
            while (read < body.Length)
            {
                var n = RandomAccess.Read(_file.SafeFileHandle, body.AsSpan(read), Position + read);
                if (n == 0)
                {
                    break;
                }
                read += n;
            }
            if (read == 0)
            {
                return;
            }
            events.Add(new FlumeEvent(read == body.Length ? body : body[..read]));
            Position += read;
        }
    }

    public void Dispose() => _file.Dispose();
}
