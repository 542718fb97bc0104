using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.Agent.Interceptors;

/// <summary>
/// Flume's regex_filter interceptor (reference §6.4): keeps the events whose body, decoded as UTF-8 (Flume uses the JVM
/// default charset, UTF-8 on Linux), contains a match of <c>regex</c>; with <c>excludeEvents</c> it drops them instead.
/// </summary>
public sealed class RegexFilteringInterceptor : IInterceptor
{
    private const int StackChars = 512;
    private readonly Regex _regex;
    private readonly bool _excludeEvents;
    private readonly bool _matchesEverything;

    public RegexFilteringInterceptor(string javaRegex, bool excludeEvents)
    {
        ArgumentNullException.ThrowIfNull(javaRegex);
        _regex = JavaRegex.Compile(javaRegex);
        _excludeEvents = excludeEvents;
        // The default ".*" finds an (empty) match in every body: no need to decode it.
        _matchesEverything = javaRegex is ".*" or "";
    }

    public static RegexFilteringInterceptor Create(BoundOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new RegexFilteringInterceptor(o.GetString("regex") ?? ".*", o.GetBool("excludeEvents", false));
    }

    public FlumeEvent? Intercept(FlumeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Matches(e.Body) != _excludeEvents ? e : null;
    }

    private bool Matches(byte[] body)
    {
        if (_matchesEverything)
        {
            return true;
        }
        var max = Encoding.UTF8.GetMaxCharCount(body.Length);
        if (max <= StackChars)
        {
            Span<char> chars = stackalloc char[StackChars];
            var n = Encoding.UTF8.GetChars(body, chars);
            return _regex.IsMatch(chars[..n]);
        }
        var rented = ArrayPool<char>.Shared.Rent(max);
        try
        {
            var n = Encoding.UTF8.GetChars(body, rented);
            return _regex.IsMatch(rented.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }
}
