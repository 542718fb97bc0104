using System.Buffers;

namespace FlumeNet.Agent.LogHub;

/// <summary>A successful answer: headers of interest and the body in a pooled buffer, returned on dispose.</summary>
internal sealed class LogHubResponse : IDisposable
{
    private byte[]? _buffer;

    public LogHubResponse(Dictionary<string, string> headers, byte[] buffer, int length, bool pooled)
    {
        Headers = headers;
        _buffer = buffer;
        Length = length;
        Pooled = pooled;
    }

    public Dictionary<string, string> Headers { get; }

    public int Length { get; }

    private bool Pooled { get; }

    public byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(LogHubResponse));

    public ReadOnlySpan<byte> Body => Buffer.AsSpan(0, Length);

    public string? Header(string name) => Headers.GetValueOrDefault(name);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null && Pooled)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
