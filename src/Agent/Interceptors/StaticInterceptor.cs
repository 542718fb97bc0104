using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Interceptors;

/// <summary>Flume's static interceptor: one fixed header on every event, kept if already present unless told otherwise (reference §6.4).</summary>
public sealed class StaticInterceptor : IInterceptor
{
    private readonly string _key;
    private readonly string _value;
    private readonly bool _preserveExisting;

    public StaticInterceptor(string key, string value, bool preserveExisting)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        _key = key;
        _value = value;
        _preserveExisting = preserveExisting;
    }

    public static StaticInterceptor Create(BoundOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new StaticInterceptor(o.GetString("key") ?? "key", o.GetString("value") ?? "value", o.GetBool("preserveExisting", true));
    }

    public FlumeEvent? Intercept(FlumeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (_preserveExisting && e.Header(_key) is not null)
        {
            return e;
        }
        e.Headers[_key] = _value;
        return e;
    }
}
