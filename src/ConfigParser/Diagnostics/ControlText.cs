using System.Globalization;
using System.Text;

namespace FlumeNet.ConfigParser.Diagnostics;

/// <summary>
/// Makes text from a config safe to print on a terminal or in a log: control characters (C0, DEL, C1) become
/// <c>\t</c>, <c>\n</c>, <c>\r</c> or <c>\xNN</c>/<c>\uNNNN</c>, so a hostile file cannot move the cursor, clear the
/// screen or forge log lines.
/// </summary>
public static class ControlText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }
        var i = 0;
        while (i < text.Length && !IsControl(text[i]))
        {
            i++;
        }
        if (i == text.Length)
        {
            return text;
        }
        var sb = new StringBuilder(text.Length + 16);
        sb.Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (!IsControl(c))
            {
                sb.Append(c);
                continue;
            }
            sb.Append(c switch
            {
                '\t' => "\\t",
                '\n' => "\\n",
                '\r' => "\\r",
                _ when c < 0x100 => "\\x" + ((int)c).ToString("X2", CultureInfo.InvariantCulture),
                _ => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
            });
        }
        return sb.ToString();
    }

    private static bool IsControl(char c) => c < 0x20 || (c >= 0x7F && c <= 0x9F) || c is '\u2028' or '\u2029';
}
