using System.Reflection;
using System.Runtime.Loader;

namespace FlumeNet.Agent.Plugins;

/// <summary>
/// One load context per plugin folder, so two plugins may carry different versions of a library. The agent's own
/// assemblies (and the framework) always come from the agent, so a plugin sees the same contract types.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly string _libDir;

    public PluginLoadContext(string name, string libDir)
        : base($"plugin:{name}")
    {
        _libDir = libDir;
    }

    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Plugin contexts exist only in the untrimmed JIT build (PluginLoader refuses plugins in the native program).")]
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        foreach (var loaded in Default.Assemblies)
        {
            if (string.Equals(loaded.GetName().Name, assemblyName.Name, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }
        // An assembly the agent ships (NLog, Avro, …) is shared even before the agent has loaded it itself.
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, assemblyName.Name + ".dll")))
        {
            return null;
        }
        var candidate = Path.Combine(_libDir, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }
}
