using System.Text;

namespace FlumeNet.ConfigParser.Substitution;

/// <summary>
/// <c>${name}</c> substitution with the semantics of Commons Text's StringSubstitutor as Flume 1.11 configures it:
/// <c>$</c> escapes a following <c>${</c>, variable names may themselves contain <c>${…}</c>, <c>:-</c> separates a
/// default, resolved values are substituted again, unresolved variables stay verbatim, and a variable that refers back
/// to itself is a cycle.
/// A variable's substituted value depends on its name only, so it is computed once per instance (memoised): a chain
/// <c>v1 = ${v2}</c>, <c>v2 = ${v3}</c>, … costs its length, not its square. Nesting of <c>${</c> inside a name is
/// limited to <see cref="MaxNesting"/> levels and a chain of references to <see cref="MaxDepth"/>; beyond, a
/// <see cref="SubstitutionDepthException"/> (the caller keeps the value as written). Deep chains recurse: run on a
/// thread with a large stack (<see cref="StackBytes"/>).
/// </summary>
public sealed class StringSubstitutor
{
    /// <summary>Levels of <c>${…}</c> inside a variable name (<c>${${${x}}}</c> is 3).</summary>
    public const int MaxNesting = 64;

    /// <summary>Variables whose values refer to further variables, one inside the other.</summary>
    public const int MaxDepth = 50_000;

    /// <summary>A stack that holds <see cref="MaxDepth"/> levels.</summary>
    public const int StackBytes = 256 * 1024 * 1024;

    private const char Escape = '$';
    private const string DefaultDelimiter = ":-";
    private readonly Func<string, string?> _lookup;
    private readonly Dictionary<string, (string Value, string[] Unresolved)> _memo = new(StringComparer.Ordinal);
    private readonly List<string> _chain = [];
    private readonly HashSet<string> _inChain = new(StringComparer.Ordinal);
    private int _nesting;

    public StringSubstitutor(Func<string, string?> lookup) => _lookup = lookup;

    /// <summary>Names left unresolved (no value, no default) by the last <see cref="Replace"/>.</summary>
    public List<string> Unresolved { get; } = [];

    /// <summary>Substitutes every variable. Throws <see cref="SubstitutionCycleException"/> on a cycle, <see cref="SubstitutionDepthException"/> past the limits.</summary>
    public string Replace(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Unresolved.Clear();
        _chain.Clear();
        _inChain.Clear();
        _nesting = 0;
        if (source.IndexOf("${", StringComparison.Ordinal) < 0)
        {
            return source;
        }
        var buf = new StringBuilder(source);
        Substitute(buf, 0, buf.Length);
        return buf.ToString();
    }

    private static bool IsPrefix(StringBuilder buf, int pos, int end) =>
        pos + 1 < end && buf[pos] == '$' && buf[pos + 1] == '{';

    // Returns the change in length of the region [offset, offset + length).
    private int Substitute(StringBuilder buf, int offset, int length)
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
                    nameExpr = SubstituteName(nameExpr);
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
                var value = ValueOf(name);
                int change;
                if (value is not null)
                {
                    buf.Remove(start, varEnd - start).Insert(start, value);
                    change = value.Length - (varEnd - start);
                }
                else if (defaultValue is not null)
                {
                    buf.Remove(start, varEnd - start).Insert(start, defaultValue);
                    Enter(name);
                    change = Substitute(buf, start, defaultValue.Length) + defaultValue.Length - (varEnd - start);
                    Leave();
                }
                else
                {
                    Unresolved.Add(name);
                    break;
                }
                pos += change;
                end += change;
                lengthChange += change;
                break;
            }
        }
        return lengthChange;
    }

    private string SubstituteName(string nameExpr)
    {
        if (++_nesting > MaxNesting)
        {
            throw new SubstitutionDepthException($"${{…}} is nested more than {MaxNesting} levels deep inside a variable name");
        }
        try
        {
            var nameBuf = new StringBuilder(nameExpr);
            Substitute(nameBuf, 0, nameBuf.Length);
            return nameBuf.ToString();
        }
        finally
        {
            _nesting--;
        }
    }

    // The variable's value, itself substituted; null when it has none.
    private string? ValueOf(string name)
    {
        if (_memo.TryGetValue(name, out var known))
        {
            if (_inChain.Contains(name))
            {
                throw new SubstitutionCycleException(name, ["", .. _chain]);
            }
            Unresolved.AddRange(known.Unresolved);
            return known.Value;
        }
        Enter(name);
        try
        {
            var raw = _lookup(name);
            if (raw is null)
            {
                return null;
            }
            if (raw.IndexOf("${", StringComparison.Ordinal) < 0)
            {
                _memo[name] = (raw, []);
                return raw;
            }
            var firstUnresolved = Unresolved.Count;
            var savedNesting = _nesting;
            _nesting = 0;
            var buf = new StringBuilder(raw);
            Substitute(buf, 0, buf.Length);
            _nesting = savedNesting;
            var value = buf.ToString();
            _memo[name] = (value, [.. Unresolved.Skip(firstUnresolved)]);
            return value;
        }
        finally
        {
            Leave();
        }
    }

    private void Enter(string name)
    {
        if (!_inChain.Add(name))
        {
            throw new SubstitutionCycleException(name, ["", .. _chain]);
        }
        _chain.Add(name);
        if (_chain.Count > MaxDepth)
        {
            throw new SubstitutionDepthException($"${{…}} references go more than {MaxDepth} variables deep");
        }
    }

    private void Leave()
    {
        _inChain.Remove(_chain[^1]);
        _chain.RemoveAt(_chain.Count - 1);
    }
}
