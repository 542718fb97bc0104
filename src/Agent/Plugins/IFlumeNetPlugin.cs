namespace FlumeNet.Agent.Plugins;

/// <summary>
/// The entry point of a plugin assembly (<c>plugins.d/&lt;name&gt;/lib/*.dll</c>): a public class with a public
/// parameterless constructor. <see cref="Register"/> runs once at start, before the config is checked, and adds the
/// plugin's components under the Java class names that configs already name, so a config stays unchanged once its
/// custom Java class is ported. Components implement the contracts in <c>FlumeNet.Agent.Core</c> (ISink,
/// IEventDrivenSource or IPollableSource, IInterceptor, IEventSerializer) and receive validated options.
/// </summary>
public interface IFlumeNetPlugin
{
    void Register(IPluginRegistrar registrar);
}

/// <summary>What a plugin may add: a component spec (kind, class names, options) and its factory.</summary>
public interface IPluginRegistrar
{
    /// <summary>The plugin API version of this agent (<see cref="PluginApi.Version"/>).</summary>
    int ApiVersion { get; }

    /// <exception cref="ArgumentException">The spec has no class name, or one that a built-in or another plugin already uses.</exception>
    void Add(ConfigParser.Specs.ComponentSpec spec, Registry.ComponentFactory factory);
}

/// <summary>The plugin API this agent offers.</summary>
public static class PluginApi
{
    /// <summary>Raised when the contracts a plugin sees change incompatibly.</summary>
    public const int Version = 1;
}
