using System.Globalization;
using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;

namespace FlumeNet.Samples.LineEtl;

/// <summary>
/// A port of a typical custom Java "ETL" interceptor: drops blank lines and lines longer than <c>maxLength</c>, trims
/// the rest, and puts the body length into a header.
/// </summary>
public sealed class LineEtlInterceptor : IInterceptor
{
    private readonly int _maxLength;
    private readonly string _lengthHeader;

    public LineEtlInterceptor(BoundOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _maxLength = options.GetInt("maxLength", 4096);
        _lengthHeader = options.GetString("lengthHeader") ?? "length";
    }

    public FlumeEvent? Intercept(FlumeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var body = e.Body.AsSpan();
        var start = 0;
        var end = body.Length;
        while (start < end && body[start] is (byte)' ' or (byte)'\t' or (byte)'\r')
        {
            start++;
        }
        while (end > start && body[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r')
        {
            end--;
        }
        if (end == start || end - start > _maxLength)
        {
            return null;
        }
        if (start > 0 || end < body.Length)
        {
            e.Body = body[start..end].ToArray();
        }
        e.Headers[_lengthHeader] = e.Body.Length.ToString(CultureInfo.InvariantCulture);
        return e;
    }
}
