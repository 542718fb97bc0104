using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Interceptors.Json;

/// <summary>
/// Copies fields of a JSON body into headers, e.g. for a multiplexing selector or an HDFS path escape
/// (<c>%{type}</c>). <c>fields</c> lists the dotted paths (whitespace-separated, as Flume lists); a field's header is
/// <c>headers.&lt;field&gt;</c> or the field path itself. Missing fields set no header; a body that is not a JSON object
/// passes unchanged.
/// </summary>
public sealed class JsonHeadersInterceptor : IInterceptor
{
    private readonly (JsonFieldPath Field, string Header)[] _fields;
    private readonly bool _preserveExisting;

    public JsonHeadersInterceptor(IReadOnlyList<(string Field, string Header)> fields, bool preserveExisting)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0)
        {
            throw new ArgumentException("needs at least one field", nameof(fields));
        }
        _fields = new (JsonFieldPath, string)[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            _fields[i] = (new JsonFieldPath(fields[i].Field), fields[i].Header);
        }
        _preserveExisting = preserveExisting;
    }

    public static JsonHeadersInterceptor Create(BoundOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var names = o.Sub("headers.");
        var fields = new List<(string, string)>();
        foreach (var field in Registry.RuntimeFactories.NameListOf(o.GetString("fields")))
        {
            fields.Add((field, names.TryGetValue(field, out var header) && header.Trim().Length > 0 ? header.Trim() : field));
        }
        return new JsonHeadersInterceptor(fields, o.GetBool("preserveExisting", false));
    }

    public FlumeEvent? Intercept(FlumeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var doc = JsonFieldPath.ParseObject(e.Body);
        if (doc is null)
        {
            return e;
        }
        foreach (var (field, header) in _fields)
        {
            if ((!_preserveExisting || e.Header(header) is null) && field.Find(doc.RootElement) is { } value)
            {
                e.Headers[header] = value;
            }
        }
        return e;
    }
}
