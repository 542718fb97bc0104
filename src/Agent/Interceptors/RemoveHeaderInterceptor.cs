using System.Text.RegularExpressions;
using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.Agent.Interceptors;

/// <summary>
/// Flume's remove_header interceptor (reference §6.4): removes the header <c>withName</c>, the headers named in
/// <c>fromList</c> (split by the regex <c>fromListSeparator</c>), and every header whose whole name matches <c>matching</c>.
/// </summary>
public sealed class RemoveHeaderInterceptor : IInterceptor
{
    public const string DefaultSeparator = @"\s*,\s*";
    private readonly string? _withName;
    private readonly HashSet<string>? _fromList;
    private readonly Regex? _matching;

    public RemoveHeaderInterceptor(string? withName, IReadOnlyCollection<string>? fromList, Regex? matching)
    {
        _withName = withName;
        _fromList = fromList is null ? null : new HashSet<string>(fromList, StringComparer.Ordinal);
        _matching = matching;
    }

    public static RemoveHeaderInterceptor Create(BoundOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var fromList = o.Raw("fromList");
        var matching = o.Raw("matching");
        return new RemoveHeaderInterceptor(
            o.Raw("withName"),
            fromList is null ? null : SplitList(fromList, o.GetString("fromListSeparator") ?? DefaultSeparator),
            matching is null ? null : JavaRegex.Compile(@"\A(?:" + matching + @")\z"));
    }

    /// <summary>
    /// Java's <c>String.split</c>: groups in the separator are not returned (unlike .NET's Regex.Split), a zero-width
    /// match at the start adds no empty first name, and trailing empty names are dropped.
    /// </summary>
    public static List<string> SplitList(string list, string separatorRegex)
    {
        ArgumentNullException.ThrowIfNull(list);
        var result = new List<string>();
        var index = 0;
        foreach (Match m in JavaRegex.Translate(separatorRegex).ToRegex(compiled: false).Matches(list))
        {
            if (m.Index == 0 && m.Length == 0)
            {
                continue;
            }
            result.Add(list[index..m.Index]);
            index = m.Index + m.Length;
        }
        result.Add(list[index..]);
        var count = result.Count;
        while (count > 0 && result[count - 1].Length == 0)
        {
            count--;
        }
        result.RemoveRange(count, result.Count - count);
        return result;
    }

    public FlumeEvent? Intercept(FlumeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!e.HasHeaders)
        {
            return e;
        }
        var headers = e.Headers;
        if (_withName is not null)
        {
            headers.Remove(_withName);
        }
        if (_fromList is null && _matching is null)
        {
            return e;
        }
        // Dictionary allows Remove while enumerating (since .NET Core 3.0), so no copy of the keys is needed.
        foreach (var name in headers.Keys)
        {
            if ((_fromList is not null && _fromList.Contains(name)) || (_matching is not null && _matching.IsMatch(name)))
            {
                headers.Remove(name);
            }
        }
        return e;
    }
}
