using Sprache;

namespace FlumeNet.ConfigParser.Filters;

/// <summary>
/// One config-filter reference inside a value: <c>${f1['key']}</c>, <c>${f1["key"]}</c> or <c>${f1[key]}</c>.
/// Quotes must match and the key is <c>[-_a-zA-Z0-9]+</c> (so <c>${f1['my.key']}</c> is no reference), as in Flume.
/// </summary>
public sealed record FilterReference(string Filter, string Key, int Start, int Length)
{
    private static readonly Parser<string> KeyText =
        Parse.Char(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_', "key character").AtLeastOnce().Text();

    private static Parser<string> Quoted(char quote) =>
        from open in Parse.Char(quote)
        from key in KeyText
        from close in Parse.Char(quote)
        select key;

    private static readonly Parser<(string Filter, string Key)> Reference =
        from open in Parse.String("${")
        from filter in Parse.Char(c => c is not ('[' or '}' or '$' or '{'), "filter name").AtLeastOnce().Text()
        from lb in Parse.Char('[')
        from key in Quoted('\'').Or(Quoted('"')).Or(KeyText)
        from close in Parse.String("]}")
        select (filter, key);

    /// <summary>Every reference in <paramref name="value"/>, left to right.</summary>
    public static IReadOnlyList<FilterReference> FindAll(string value)
    {
        var found = new List<FilterReference>();
        var i = value.IndexOf("${", StringComparison.Ordinal);
        while (i >= 0)
        {
            // Only the candidate's own text goes to the parser (a copy of the rest of the value per "${" made
            // 20,000 nested "${" quadratic): name up to '[', then key characters, then "]}".
            var end = CandidateEnd(value, i);
            if (end < 0)
            {
                i = value.IndexOf("${", i + 2, StringComparison.Ordinal);
                continue;
            }
            var result = Reference.TryParse(value[i..end]);
            if (result.WasSuccessful)
            {
                var length = result.Remainder.Position;
                found.Add(new FilterReference(result.Value.Filter, result.Value.Key, i, length));
                i = value.IndexOf("${", i + length, StringComparison.Ordinal);
            }
            else
            {
                i = value.IndexOf("${", i + 2, StringComparison.Ordinal);
            }
        }
        return found;
    }

    // The end (exclusive) of the reference that could start at i, or -1: scans only characters a reference may hold.
    private static int CandidateEnd(string value, int i)
    {
        var j = i + 2;
        while (j < value.Length && value[j] is not ('[' or '}' or '$' or '{'))
        {
            j++;
        }
        if (j >= value.Length || value[j] != '[')
        {
            return -1;
        }
        var k = j + 1;
        while (k < value.Length && (char.IsAsciiLetterOrDigit(value[k]) || value[k] is '-' or '_' or '\'' or '"'))
        {
            k++;
        }
        return k + 1 < value.Length && value[k] == ']' && value[k + 1] == '}' ? k + 2 : -1;
    }
}
