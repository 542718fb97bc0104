namespace FlumeNet.ConfigParser.Validation;

/// <summary>"Did you mean": the nearest candidate by edit distance with transpositions (optimal string alignment).</summary>
public static class NameSuggester
{
    /// <summary>The closest candidate within a distance that scales with the length of the input, or null.</summary>
    public static string? Nearest(string input, IEnumerable<string> candidates, bool ignoreCase = false)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var limit = Math.Max(2, input.Length / 3);
        foreach (var c in candidates)
        {
            if (NumberedSiblings(input, c))
            {
                continue;
            }
            var d = Distance(ignoreCase ? input.ToLowerInvariant() : input, ignoreCase ? c.ToLowerInvariant() : c);
            if (d < bestDistance && d <= limit)
            {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance == 0 && !ignoreCase ? null : best;
    }

    // c7 and c1, sink2 and sink1: members of a numbered series, not a typo of each other.
    private static bool NumberedSiblings(string a, string b)
    {
        if (a.Length != b.Length || a == b)
        {
            return false;
        }
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i] && !(char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[i])))
            {
                return false;
            }
        }
        return true;
    }

    public static int Distance(string a, string b)
    {
        var rows = a.Length + 1;
        var cols = b.Length + 1;
        var d = new int[rows, cols];
        for (var i = 0; i < rows; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j < cols; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i < rows; i++)
        {
            for (var j = 1; j < cols; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    v = Math.Min(v, d[i - 2, j - 2] + 1);
                }
                d[i, j] = v;
            }
        }
        return d[rows - 1, cols - 1];
    }
}
