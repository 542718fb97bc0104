using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FlumeNet.Agent.Sources.Taildir;

/// <summary>One entry of Flume's taildir position file.</summary>
internal readonly record struct PositionEntry(long Inode, long Pos, string File);

/// <summary>
/// Flume's taildir position file (reference §6.3): <c>[{"inode":1,"pos":2,"file":"/p"},...]</c> with no whitespace, as Gson
/// writes it (HTML-safe escapes for <c>&lt; &gt; &amp; = '</c>), an empty file for an empty match set. Written through a
/// temporary file and a rename, so a crash never leaves it half written (Flume truncates and rewrites in place).
/// </summary>
internal static class PositionFile
{
    /// <summary>The result of reading: the entries read before any syntax error, and that error.</summary>
    public sealed record LoadResult(List<PositionEntry> Entries, string? SyntaxError);

    /// <summary>Reads the file; a missing file gives no entries.</summary>
    /// <exception cref="InvalidDataException">
    /// A document Flume's loader also refuses on every start (not an array of objects, an unknown key, a missing key).
    /// </exception>
    public static LoadResult Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = System.IO.File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return new LoadResult([], null);
        }
        catch (DirectoryNotFoundException)
        {
            return new LoadResult([], null);
        }
        return Parse(bytes);
    }

    public static LoadResult Parse(ReadOnlySpan<byte> bytes)
    {
        var entries = new List<PositionEntry>();
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read())
            {
                return new LoadResult(entries, "the file is empty");
            }
            Expect(ref reader, JsonTokenType.StartArray, "an array");
            while (Next(ref reader) != JsonTokenType.EndArray)
            {
                Expect(ref reader, JsonTokenType.StartObject, "an object per file");
                long? inode = null;
                long? pos = null;
                string? file = null;
                while (Next(ref reader) != JsonTokenType.EndObject)
                {
                    var key = reader.GetString();
                    Next(ref reader);
                    switch (key)
                    {
                        case "inode":
                            inode = ReadLong(ref reader, key);
                            break;
                        case "pos":
                            pos = ReadLong(ref reader, key);
                            break;
                        case "file":
                            Expect(ref reader, JsonTokenType.String, "a string for \"file\"");
                            file = reader.GetString();
                            break;
                        default:
                            throw new InvalidDataException($"unknown key \"{key}\" (Flume's loader fails on it too)");
                    }
                }
                if (inode is null || pos is null || file is null)
                {
                    throw new InvalidDataException($"an entry misses a value (inode: {Show(inode)}, pos: {Show(pos)}, file: {file ?? "null"})");
                }
                entries.Add(new PositionEntry(inode.Value, pos.Value, file));
            }
            // Gson's loader stops after the array and ignores what follows.
        }
        catch (JsonException ex)
        {
            return new LoadResult(entries, ex.Message);
        }
        return new LoadResult(entries, null);
    }

    /// <summary>Writes the entries in Gson's exact form; no entries give an empty file (as Flume writes).</summary>
    public static void Write(string path, IReadOnlyList<PositionEntry> entries)
    {
        var text = Format(entries);
        var tmp = path + ".tmp";
        System.IO.File.WriteAllText(tmp, text, new UTF8Encoding(false));
        System.IO.File.Move(tmp, path, overwrite: true);
    }

    public static string Format(IReadOnlyList<PositionEntry> entries)
    {
        if (entries.Count == 0)
        {
            return string.Empty;
        }
        var sb = new StringBuilder(entries.Count * 64);
        sb.Append('[');
        for (var i = 0; i < entries.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            var e = entries[i];
            sb.Append("{\"inode\":").Append(e.Inode.ToString(CultureInfo.InvariantCulture))
                .Append(",\"pos\":").Append(e.Pos.ToString(CultureInfo.InvariantCulture))
                .Append(",\"file\":");
            AppendGsonString(sb, e.File);
            sb.Append('}');
        }
        sb.Append(']');
        return sb.ToString();
    }

    /// <summary>A JSON string as Gson writes it with HTML escaping on (its default).</summary>
    internal static void AppendGsonString(StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                case '<' or '>' or '&' or '=' or '\'' or '\u2028' or '\u2029':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("the document ends early");
        }
        return reader.TokenType;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type)
        {
            throw new InvalidDataException($"expected {what}, found {reader.TokenType} at byte {reader.TokenStartIndex}");
        }
    }

    // Gson's nextLong also takes a quoted number.
    private static long ReadLong(ref Utf8JsonReader reader, string key)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n))
        {
            return n;
        }
        if (reader.TokenType == JsonTokenType.String
            && long.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out n))
        {
            return n;
        }
        throw new InvalidDataException($"\"{key}\" is not a whole number");
    }

    private static string Show(long? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "null";
}
