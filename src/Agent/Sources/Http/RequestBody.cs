using System.Buffers;

namespace FlumeNet.Agent.Sources.Http;

/// <summary>A request body read into a pooled buffer; dispose returns the buffer.</summary>
internal sealed class RequestBody : IDisposable
{
    private byte[] _buffer;

    private RequestBody(byte[] buffer, int length, bool truncated)
    {
        _buffer = buffer;
        Length = length;
        Truncated = truncated;
    }

    public int Length { get; }

    /// <summary>More bytes followed <c>max</c>; they were read and discarded.</summary>
    public bool Truncated { get; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <summary>Reads at most <paramref name="max"/> bytes and drains the rest.</summary>
    public static RequestBody Read(HttpSourceRequest request, long max)
    {
        var cap = (int)Math.Min(max, Array.MaxLength);
        var initial = request.ContentLength is long n and > 0 ? (int)Math.Min(n, cap) : 16 * 1024;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initial, 1));
        var length = 0;
        var truncated = false;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length >= cap)
                    {
                        truncated = Drain(request);
                        break;
                    }
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var read = request.ReadBody(buffer.AsSpan(length, Math.Min(buffer.Length, cap) - length));
                if (read == 0)
                {
                    break;
                }
                length += read;
                if (length >= cap && buffer.Length > cap)
                {
                    truncated = Drain(request);
                    break;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        return new RequestBody(buffer, length, truncated);
    }

    public void Dispose()
    {
        var b = Interlocked.Exchange(ref _buffer, []);
        if (b.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(b);
        }
    }

    private static bool Drain(HttpSourceRequest request)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var any = false;
        try
        {
            while (request.ReadBody(scratch) > 0)
            {
                any = true;
            }
            return any;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
