using System.Globalization;
using System.Numerics;

namespace FlumeNet.Tools.LogHubEmulator.Protocol;

/// <summary>
/// Shard key ranges: 32 lower-case hex digits of the MD5 space, ranges <c>[begin, end)</c>; the last shard ends
/// at <c>ffffffffffffffffffffffffffffffff</c>, which it also contains (reference §3.1).
/// </summary>
internal static class ShardKeySpace
{
    public const string MaxKey = "ffffffffffffffffffffffffffffffff";
    private static readonly BigInteger Space = BigInteger.One << 128;

    /// <summary>N ranges that split the key space evenly, in order.</summary>
    public static IReadOnlyList<(string Begin, string End)> Divide(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var ranges = new List<(string, string)>(count);
        for (var i = 0; i < count; i++)
        {
            var begin = Format(Space * i / count);
            var end = i == count - 1 ? MaxKey : Format(Space * (i + 1) / count);
            ranges.Add((begin, end));
        }

        return ranges;
    }

    /// <summary>The key halfway between <paramref name="begin"/> and <paramref name="end"/>, or null when the range cannot be split.</summary>
    public static string? Middle(string begin, string end)
    {
        var low = Parse(begin);
        var high = Parse(end);
        if (high - low < 2)
        {
            return null;
        }

        return Format((low + high) / 2);
    }

    public static bool IsValidKey(string? key) =>
        key is { Length: 32 } && key.All(char.IsAsciiHexDigit);

    public static bool Contains(string begin, string end, string key)
    {
        key = key.ToLowerInvariant();
        return string.CompareOrdinal(begin, key) <= 0
            && (string.CompareOrdinal(key, end) < 0 || (end == MaxKey && key == MaxKey));
    }

    private static BigInteger Parse(string hex) =>
        BigInteger.Parse("0" + hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    private static string Format(BigInteger value)
    {
        var hex = value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
        return hex.PadLeft(32, '0');
    }
}
