using System.Globalization;
using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Interceptors;

/// <summary>Flume's timestamp interceptor: the processing time, in epoch milliseconds, into a header (reference §6.4).</summary>
public sealed class TimestampInterceptor : IInterceptor
{
    private readonly string _header;
    private readonly bool _preserveExisting;
    private readonly Func<long> _clock;

    public TimestampInterceptor(string header, bool preserveExisting, Func<long>? clock = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(header);
        _header = header;
        _preserveExisting = preserveExisting;
        _clock = clock ?? (static () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    public static TimestampInterceptor Create(BoundOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new TimestampInterceptor(o.GetString("headerName") ?? "timestamp", o.GetBool("preserveExisting", false));
    }

    public FlumeEvent? Intercept(FlumeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (_preserveExisting && e.Header(_header) is not null)
        {
            return e;
        }
        e.Headers[_header] = _clock().ToString(CultureInfo.InvariantCulture);
        return e;
    }
}
