using System.Text;

namespace FlumeNet.ConfigParser.JavaCompat;

/// <summary>Java <c>Charset.forName</c> names mapped to .NET encodings that, like Java's, replace what they cannot decode or encode.</summary>
public static class JavaCharsets
{
    public static Encoding ForName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        switch (name.ToUpperInvariant())
        {
            case "UTF-8" or "UTF8":
                return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            case "US-ASCII" or "ASCII":
                return Encoding.ASCII;
            case "ISO-8859-1" or "ISO8859_1" or "LATIN1":
                return Encoding.Latin1;
            case "UTF-16BE":
                return new UnicodeEncoding(bigEndian: true, byteOrderMark: false);
            case "UTF-16LE":
                return new UnicodeEncoding(bigEndian: false, byteOrderMark: false);
            case "UTF-16":
                return new UnicodeEncoding(bigEndian: true, byteOrderMark: true);
        }
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(name)
                ?? throw new ArgumentException($"Unsupported charset '{name}'");
        }
    }
}
