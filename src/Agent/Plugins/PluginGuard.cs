using FlumeNet.Agent.Registry;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Plugins;

/// <summary>
/// Plugin factories may throw anything; the topology drops a component whose factory fails with one of the exceptions
/// it expects, so every failure becomes an <see cref="InvalidOperationException"/> that names the plugin.
/// </summary>
internal static class PluginGuard
{
    public static ComponentFactory Wrap(string plugin, ComponentSpec spec, ComponentFactory f) => new()
    {
        Channel = f.Channel is { } channel ? o => Guard(plugin, spec, () => channel(o)) : null,
        Source = f.Source is { } source ? (o, p) => Guard(plugin, spec, () => source(o, p)) : null,
        Sink = f.Sink is { } sink ? (o, c) => Guard(plugin, spec, () => sink(o, c)) : null,
        Interceptor = f.Interceptor is { } interceptor ? o => Guard(plugin, spec, () => interceptor(o)) : null,
        Selector = f.Selector is { } selector ? (o, cs) => Guard(plugin, spec, () => selector(o, cs)) : null,
        Processor = f.Processor is { } processor ? (o, n, s) => Guard(plugin, spec, () => processor(o, n, s)) : null,
        Serializer = f.Serializer is { } serializer ? o => Guard(plugin, spec, () => serializer(o)) : null,
    };

    private static T Guard<T>(string plugin, ComponentSpec spec, Func<T> build)
    {
        try
        {
            return build();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"plugin '{plugin}' could not create {spec.ClassNames[0]}: {PluginLoader.Describe(ex)}", ex);
        }
    }
}
