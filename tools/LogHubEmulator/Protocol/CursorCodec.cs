using System.Globalization;
using System.Text;

namespace FlumeNet.Tools.LogHubEmulator.Protocol;

/// <summary>A cursor is Base64 of the ASCII decimal of a 64-bit sequence number (reference §7.4).</summary>
internal static class CursorCodec
{
    public static string Encode(long value) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Decodes a cursor; padding may be absent and a <c>+</c> decoded as a space is restored.</summary>
    public static bool TryDecode(string? cursor, out long value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(cursor) || cursor.Length > 64)
        {
            return false;
        }

        var text = cursor.Trim().Replace(' ', '+');
        if (text.Length % 4 != 0)
        {
            text = text.PadRight(text.Length + (4 - (text.Length % 4)), '=');
        }

        Span<byte> bytes = stackalloc byte[48];
        if (!Convert.TryFromBase64String(text, bytes, out var length) || length == 0)
        {
            return false;
        }

        foreach (var b in bytes[..length])
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return long.TryParse(bytes[..length], NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
