using System.Text;

namespace FlumeNet.Agent.Net;

/// <summary>
/// Strings for the UTF-8 header names and values a network source decodes. The events of one request or connection
/// mostly repeat the same few names and values, so the last <see cref="Size"/> distinct short strings are kept and
/// handed out again when the same bytes come back (strings are immutable, so events may share them). Misses cost one
/// comparison per slot; long values are never cached. Not thread-safe: one per connection or request.
/// </summary>
public sealed class Utf8StringCache
{
    public const int Size = 16;

    /// <summary>Longer values (message ids, paths) rarely repeat and are decoded each time.</summary>
    public const int MaxCachedBytes = 64;

    private readonly byte[]?[] _bytes = new byte[Size][];
    private readonly string?[] _strings = new string[Size];
    private int _next;

    /// <summary>The string of <paramref name="utf8"/>, decoded by <paramref name="decode"/> on a miss (it may throw for invalid input).</summary>
    public string Get(ReadOnlySpan<byte> utf8, Func<ReadOnlySpan<byte>, string>? decode = null)
    {
        if (utf8.Length > MaxCachedBytes)
        {
            return decode is null ? Encoding.UTF8.GetString(utf8) : decode(utf8);
        }
        for (var i = 0; i < Size; i++)
        {
            if (_bytes[i] is { } cached && utf8.SequenceEqual(cached))
            {
                return _strings[i]!;
            }
        }
        var text = decode is null ? Encoding.UTF8.GetString(utf8) : decode(utf8);
        _bytes[_next] = utf8.ToArray();
        _strings[_next] = text;
        _next = (_next + 1) % Size;
        return text;
    }
}
