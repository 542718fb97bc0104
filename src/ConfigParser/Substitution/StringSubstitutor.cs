using System.Text;

namespace FlumeNet.ConfigParser.Substitution;

/// <summary>
/// <c>${name}</c> substitution with the semantics of Commons Text's StringSubstitutor as Flume 1.11 configures it:
/// <c>$</c> escapes a following <c>${</c>, variable names may themselves contain <c>${…}</c>, <c>:-</c> separates a
/// default, resolved values are substituted again, unresolved variables stay verbatim, and a variable that refers back
/// to itself is a cycle.
/// </summary>
public sealed class StringSubstitutor
{
    private const char Escape = '$';
    private const string DefaultDelimiter = ":-";
    private readonly Func<string, string?> _lookup;

    public StringSubstitutor(Func<string, string?> lookup) => _lookup = lookup;

    /// <summary>Names left unresolved (no value, no default) by the last <see cref="Replace"/>.</summary>
    public List<string> Unresolved { get; } = [];

    /// <summary>Substitutes every variable. Throws <see cref="SubstitutionCycleException"/> on a cycle.</summary>
    public string Replace(string source)
    {
        Unresolved.Clear();
        if (source.IndexOf("${", StringComparison.Ordinal) < 0)
        {
            return source;
        }
        var buf = new StringBuilder(source);
        Substitute(buf, 0, buf.Length, null);
        return buf.ToString();
    }

    private static bool IsPrefix(StringBuilder buf, int pos, int end) =>
        pos + 1 < end && buf[pos] == '$' && buf[pos + 1] == '{';

    // Returns the change in length of the region [offset, offset + length).
    private int Substitute(StringBuilder buf, int offset, int length, List<string>? priorVariables)
    {
        var lengthChange = 0;
        var end = offset + length;
        var pos = offset;
        while (pos < end)
        {
            if (!IsPrefix(buf, pos, end))
            {
                pos++;
                continue;
            }
            if (pos > offset && buf[pos - 1] == Escape)
            {
                // "$${" → "${", and the variable is not substituted.
                buf.Remove(pos - 1, 1);
                lengthChange--;
                end--;
                continue;
            }
            var start = pos;
            pos += 2;
            var nested = 0;
            while (pos < end)
            {
                if (IsPrefix(buf, pos, end))
                {
                    nested++;
                    pos += 2;
                    continue;
                }
                if (buf[pos] != '}')
                {
                    pos++;
                    continue;
                }
                if (nested > 0)
                {
                    nested--;
                    pos++;
                    continue;
                }
                var nameExpr = buf.ToString(start + 2, pos - start - 2);
                if (nameExpr.Contains("${", StringComparison.Ordinal))
                {
                    var nameBuf = new StringBuilder(nameExpr);
                    Substitute(nameBuf, 0, nameBuf.Length, null);
                    nameExpr = nameBuf.ToString();
                }
                pos++;
                var varEnd = pos;
                var name = nameExpr;
                string? defaultValue = null;
                var delim = nameExpr.IndexOf(DefaultDelimiter, StringComparison.Ordinal);
                if (delim >= 0)
                {
                    name = nameExpr[..delim];
                    defaultValue = nameExpr[(delim + DefaultDelimiter.Length)..];
                }
                if (priorVariables is null)
                {
                    priorVariables = [buf.ToString(offset, length)];
                }
                if (priorVariables.Contains(name, StringComparer.Ordinal))
                {
                    throw new SubstitutionCycleException(name, priorVariables);
                }
                priorVariables.Add(name);
                var value = _lookup(name) ?? defaultValue;
                if (value is not null)
                {
                    buf.Remove(start, varEnd - start).Insert(start, value);
                    var change = Substitute(buf, start, value.Length, priorVariables) + value.Length - (varEnd - start);
                    pos += change;
                    end += change;
                    lengthChange += change;
                }
                else
                {
                    Unresolved.Add(name);
                }
                priorVariables.RemoveAt(priorVariables.Count - 1);
                break;
            }
        }
        return lengthChange;
    }
}
