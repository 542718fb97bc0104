using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Interceptors;

/// <summary>
/// Flume's UUIDInterceptor (shipped in the morphline-solr-sink jar): a random UUID, after <c>prefix</c>, into
/// <c>headerName</c> (default <c>id</c>), keeping an existing header by default.
/// </summary>
public sealed class UuidInterceptor : IInterceptor
{
    private readonly string _header;
    private readonly bool _preserveExisting;
    private readonly string _prefix;

    public UuidInterceptor(string header, bool preserveExisting, string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(header);
        _header = header;
        _preserveExisting = preserveExisting;
        _prefix = prefix;
    }

    public static UuidInterceptor Create(BoundOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new UuidInterceptor(o.GetString("headerName") ?? "id", o.GetBool("preserveExisting", true), o.GetString("prefix") ?? string.Empty);
    }

    public FlumeEvent? Intercept(FlumeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (_preserveExisting && e.Header(_header) is not null)
        {
            return e;
        }
        // java.util.UUID.randomUUID().toString(): lower-case hex with dashes, as Guid's "D" format.
        e.Headers[_header] = _prefix + Guid.NewGuid().ToString("D");
        return e;
    }
}
