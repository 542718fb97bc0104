using FlumeNet.ConfigParser.Diagnostics;

namespace FlumeNet.ConfigParser.Model;

/// <summary>An agent-level list (<c>a1.sources = r1 r2</c>): names split on whitespace, duplicates collapsed, order kept.</summary>
public sealed record NameList(string FullKey, string Value, SourceLocation Location, IReadOnlyList<string> Names)
{
    public static NameList Parse(string fullKey, string value, SourceLocation location) =>
        new(fullKey, value, location, SplitWhitespace(value));

    public static IReadOnlyList<string> SplitWhitespace(string value)
    {
        var names = new List<string>();
        foreach (var n in value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!names.Contains(n))
            {
                names.Add(n);
            }
        }
        return names;
    }
}
