using System.Buffers;
using System.Runtime.CompilerServices;
using FlumeNet.ConfigParser.Diagnostics;

namespace FlumeNet.ConfigParser.Properties;

/// <summary>
/// Reads a properties file exactly as <c>java.util.Properties.load(InputStream)</c> does, which is how Flume reads
/// config files. Returns every pair in file order, duplicates included. Never throws on content: where Java would
/// throw (a malformed <c>\u</c> escape) the entry is reported and skipped.
/// </summary>
public static class PropertiesReader
{
    private const string MalformedMessage =
        "malformed \\uxxxx escape: Java throws \"Malformed \\uxxxx encoding\" and Flume aborts loading the whole file at startup";

    private const string MalformedHint = @"write exactly four hex digits, e.g. \u00e9";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once at startup: skip tier-0 code
    public static IReadOnlyList<PropertyEntry> Read(ReadOnlySpan<byte> bytes, string file, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var entries = new List<PropertyEntry>();
        var reader = new LogicalLineReader(bytes);
        var scratch = ArrayPool<char>.Shared.Rent(256);
        try
        {
            while (reader.ReadLine())
            {
                var line = reader.Line;
                if (scratch.Length < line.Length)
                {
                    ArrayPool<char>.Shared.Return(scratch);
                    scratch = ArrayPool<char>.Shared.Rent(line.Length);
                }
                var (keyLength, valueStart) = Split(line);
                var bad = PropertiesEscapes.Unescape(line[..keyLength], scratch, out var key);
                if (bad >= 0)
                {
                    diagnostics.Error(new SourceLocation(file, reader.LineAt(bad)), DiagnosticCodes.MalformedUnicodeEscape,
                        line[..keyLength].ToString(), MalformedMessage, MalformedHint);
                    continue;
                }
                bad = PropertiesEscapes.Unescape(line[valueStart..], scratch, out var value);
                if (bad >= 0)
                {
                    diagnostics.Error(new SourceLocation(file, reader.LineAt(valueStart + bad)),
                        DiagnosticCodes.MalformedUnicodeEscape, key, MalformedMessage, MalformedHint);
                    continue;
                }
                entries.Add(new PropertyEntry(key, value, new SourceLocation(file, reader.StartLine)));
                foreach (var high in reader.HighByteLines)
                {
                    var hint = NonAsciiAdvice.Hint(key, value, high.FirstOffset < keyLength, high.LastOffset >= valueStart);
                    diagnostics.Warning(new SourceLocation(file, high.Line), DiagnosticCodes.NonAsciiByte, key,
                        NonAsciiAdvice.Message, hint);
                }
            }
        }
        finally
        {
            reader.Dispose();
            ArrayPool<char>.Shared.Return(scratch);
        }
        return entries;
    }

    // Properties.load0: the key ends at the first unescaped '=', ':' or whitespace; then whitespace, at most one
    // '=' or ':', and whitespace are skipped.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int KeyLength, int ValueStart) Split(ReadOnlySpan<char> line)
    {
        var keyLength = 0;
        var valueStart = line.Length;
        var hasSeparator = false;
        var precedingBackslash = false;
        while (keyLength < line.Length)
        {
            var c = line[keyLength];
            if (!precedingBackslash && c is '=' or ':')
            {
                valueStart = keyLength + 1;
                hasSeparator = true;
                break;
            }
            if (!precedingBackslash && c is ' ' or '\t' or '\f')
            {
                valueStart = keyLength + 1;
                break;
            }
            precedingBackslash = c == '\\' && !precedingBackslash;
            keyLength++;
        }
        while (valueStart < line.Length)
        {
            var c = line[valueStart];
            if (c is not (' ' or '\t' or '\f'))
            {
                if (hasSeparator || c is not ('=' or ':'))
                {
                    break;
                }
                hasSeparator = true;
            }
            valueStart++;
        }
        return (keyLength, valueStart);
    }
}
