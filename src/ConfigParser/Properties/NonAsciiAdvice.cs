using System.Buffers;
using System.Text.Unicode;

namespace FlumeNet.ConfigParser.Properties;

/// <summary>Wording for the non-ASCII warning: Flume's InputStream load decodes ISO-8859-1, not UTF-8.</summary>
internal static class NonAsciiAdvice
{
    public const string Message =
        "non-ASCII bytes: Flume reads config files as ISO-8859-1, so UTF-8 text is mangled (e.g. \"é\" is read as \"Ã©\")";

    private const string GenericHint = @"write non-ASCII characters as \uXXXX escapes, e.g. \u00e9 for é";

    /// <summary>
    /// Suggests the \uXXXX spelling of each non-ASCII character as the author meant it (read as UTF-8). Only those
    /// characters are shown, never the whole value, and nothing of a key that looks like a credential.
    /// </summary>
    public static string Hint(string key, string value, bool inKey, bool inValue)
    {
        if (Validation.SecretKeys.LooksSecret(key))
        {
            return GenericHint;
        }
        if (!inKey && inValue && TrailingComment.Start(value) is >= 0 and var comment && OnlyAfter(value, comment))
        {
            return TrailingComment.Hint(value);
        }
        var k = inKey ? EscapedUtf8(key, isKey: true) : null;
        var v = inValue ? EscapedUtf8(value, isKey: false) : null;
        if ((inKey && k is null) || (inValue && v is null))
        {
            return GenericHint;
        }
        var sb = new System.Text.StringBuilder("write ");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in new[] { k, v })
        {
            foreach (var (ch, escaped) in NonAsciiOf(text))
            {
                if (seen.Add(ch))
                {
                    sb.Append(seen.Count > 1 ? ", " : string.Empty).Append(ch).Append(" as ").Append(escaped);
                }
            }
        }
        return seen.Count == 0 ? GenericHint : sb.ToString();
    }

    private static bool OnlyAfter(string value, int start)
    {
        for (var i = 0; i < start; i++)
        {
            if (value[i] > 0x7f)
            {
                return false;
            }
        }
        return true;
    }

    // Pairs each decoded non-ASCII character with its escape, from an escaped text.
    private static IEnumerable<(string Char, string Escaped)> NonAsciiOf(string? escaped)
    {
        if (escaped is null)
        {
            yield break;
        }
        for (var i = 0; i + 6 <= escaped.Length; i++)
        {
            if (escaped[i] == '\\' && escaped[i + 1] == 'u'
                && int.TryParse(escaped.AsSpan(i + 2, 4), System.Globalization.NumberStyles.HexNumber, null, out var code) && code > 0x7f)
            {
                yield return (((char)code).ToString(), escaped.Substring(i, 6));
                i += 5;
            }
        }
    }

    // The Latin-1 chars are the file's bytes; null when they are not valid UTF-8 (then Latin-1 was probably meant).
    private static string? EscapedUtf8(string text, bool isKey)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(text.Length);
        var chars = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] > '\u00ff')
                {
                    return null;
                }
                bytes[i] = (byte)text[i];
            }
            var status = Utf8.ToUtf16(bytes.AsSpan(0, text.Length), chars, out _, out var written,
                replaceInvalidSequences: false);
            return status == OperationStatus.Done
                ? PropertiesEscapes.Escape(new string(chars, 0, written), isKey)
                : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
