using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using NLog;

namespace FlumeNet.Agent.Interceptors.Json;

/// <summary>
/// Drops events whose body is not a JSON object or lacks one of <c>requiredFields</c> (what the corpus' custom
/// "JsonValidate"/"ETL" interceptors do). Dropping is what the user asked for, so it is counted and reported at most
/// once a minute, never per event.
/// </summary>
public sealed class JsonFilterInterceptor : IInterceptor
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly long ReportEvery = TimeSpan.FromMinutes(1).Ticks;

    private readonly string _name;
    private readonly JsonFieldPath[] _required;
    private long _dropped;
    private long _lastReport;

    public JsonFilterInterceptor(string name, IReadOnlyList<string> requiredFields)
    {
        ArgumentNullException.ThrowIfNull(requiredFields);
        _name = name;
        _required = new JsonFieldPath[requiredFields.Count];
        for (var i = 0; i < requiredFields.Count; i++)
        {
            _required[i] = new JsonFieldPath(requiredFields[i]);
        }
        _lastReport = DateTime.UtcNow.Ticks;
    }

    public static JsonFilterInterceptor Create(BoundOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new JsonFilterInterceptor(o.Name, Registry.RuntimeFactories.NameListOf(o.GetString("requiredFields")));
    }

    /// <summary>Events dropped since the start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public FlumeEvent? Intercept(FlumeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (Keeps(e))
        {
            return e;
        }
        var dropped = Interlocked.Increment(ref _dropped);
        var now = DateTime.UtcNow.Ticks;
        var last = Interlocked.Read(ref _lastReport);
        if (now - last >= ReportEvery && Interlocked.CompareExchange(ref _lastReport, now, last) == last)
        {
            Log.Info("Interceptor '{Interceptor}' has dropped {Dropped} events that are not JSON objects with the required fields", _name, dropped);
        }
        return null;
    }

    private bool Keeps(FlumeEvent e)
    {
        using var doc = JsonFieldPath.ParseObject(e.Body);
        if (doc is null)
        {
            return false;
        }
        foreach (var field in _required)
        {
            if (!field.TryFind(doc.RootElement, out _))
            {
                return false;
            }
        }
        return true;
    }
}
