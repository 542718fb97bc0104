using System.Text;
using FlumeNet.Agent.Binding;
using FlumeNet.Agent.Core;
using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Tests.Interceptors;

/// <summary>Builds an interceptor's bound options as the topology does: its own sub-properties, keys relative to it.</summary>
internal static class Options
{
    public static BoundOptions For(ComponentSpec spec, params (string Key, string Value)[] props)
    {
        var list = new List<ConfigProperty>();
        foreach (var (key, value) in props)
        {
            list.Add(new ConfigProperty(key, value, "a1.sources.r1.interceptors.i1." + key, SourceLocation.None));
        }
        return new BoundOptions("i1", list, spec);
    }

    public static FlumeEvent Event(string body, params (string Key, string Value)[] headers)
    {
        var e = new FlumeEvent(Encoding.UTF8.GetBytes(body));
        foreach (var (key, value) in headers)
        {
            e.Headers[key] = value;
        }
        return e;
    }

    public static string Body(FlumeEvent e) => Encoding.UTF8.GetString(e.Body);
}
