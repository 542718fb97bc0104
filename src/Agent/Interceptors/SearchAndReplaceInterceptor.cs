using System.Text;
using System.Text.RegularExpressions;
using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.Agent.Interceptors;

/// <summary>
/// Flume's search_replace interceptor (reference §6.4): Java's <c>Matcher.replaceAll</c> on the body decoded with
/// <c>charset</c>. The Java replacement syntax (<c>$1</c>, <c>${name}</c>, <c>\$</c>) is rewritten to .NET's once.
/// </summary>
public sealed class SearchAndReplaceInterceptor : IInterceptor
{
    private readonly Regex _search;
    private readonly string _replacement;
    private readonly Encoding _charset;

    public SearchAndReplaceInterceptor(string searchPattern, string javaReplacement, Encoding charset)
    {
        ArgumentException.ThrowIfNullOrEmpty(searchPattern);
        ArgumentNullException.ThrowIfNull(javaReplacement);
        ArgumentNullException.ThrowIfNull(charset);
        var translated = JavaRegex.Translate(searchPattern);
        _search = translated.ToRegex();
        _replacement = JavaReplacement.ToDotNet(javaReplacement, translated);
        _charset = charset;
    }

    public static SearchAndReplaceInterceptor Create(BoundOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var search = o.Raw("searchPattern");
        if (string.IsNullOrEmpty(search))
        {
            throw new ArgumentException($"Interceptor '{o.Name}': must supply a valid search pattern searchPattern (may not be empty)");
        }
        try
        {
            return new SearchAndReplaceInterceptor(search, o.GetString("replaceString") ?? string.Empty,
                JavaCharsets.ForName(o.GetString("charset") ?? "UTF-8"));
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Interceptor '{o.Name}': {ex.Message}", ex);
        }
    }

    public FlumeEvent? Intercept(FlumeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var body = _charset.GetString(e.Body);
        var replaced = _search.Replace(body, _replacement);
        // Replace returns its input when nothing matched: the body is left as it was, bytes and all.
        if (!ReferenceEquals(replaced, body))
        {
            e.Body = _charset.GetBytes(replaced);
        }
        return e;
    }
}
