namespace FlumeNet.Agent.Plugins;

/// <summary>
/// Marks an assembly as a FlumeNet plugin and records the plugin API it was built against. The number is compiled into
/// the plugin, so a plugin built for another API version is refused with a clear message instead of failing at run time.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class FlumeNetPluginAttribute : Attribute
{
    public FlumeNetPluginAttribute(int apiVersion) => ApiVersion = apiVersion;

    public int ApiVersion { get; }
}
