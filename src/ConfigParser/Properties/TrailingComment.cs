namespace FlumeNet.ConfigParser.Properties;

/// <summary>
/// java.util.Properties has no end-of-line comments: in <c>a1.sources.r1.type = netcat  # the source</c> the value is
/// everything after '=', comment included. Configs written as if it had them are common; this finds such a tail.
/// </summary>
public static class TrailingComment
{
    /// <summary>The index where a whitespace-separated '#' or '!' starts in the value, or -1.</summary>
    public static int Start(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var i = 1; i < value.Length; i++)
        {
            if (value[i] is '#' or '!' && char.IsWhiteSpace(value[i - 1]))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The value without its comment-like tail, trimmed; the value itself when it has none.</summary>
    public static string Strip(string value)
    {
        var start = Start(value);
        return start < 0 ? value : value[..start].TrimEnd();
    }

    public static string Hint(string value) =>
        $"java.util.Properties has no end-of-line comments, so '{Shorten(value[Start(value)..])}' is part of the value: put the comment on its own line";

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..17] + "...";
}
