using System.Reflection;
using FlumeNet.Agent.Registry;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Plugins;

/// <summary>
/// Finds plugins as Flume's launcher finds plugin jars: every folder <c>&lt;dir&gt;/&lt;name&gt;/lib/</c> under the
/// plugin directories (<c>--plugins-path</c>, colon-separated, else <c>$FLUME_HOME/plugins.d</c>), with .NET
/// assemblies instead of jars. A plugin that cannot load is reported and left out; the agent runs without it.
/// </summary>
public static class PluginLoader
{
    public static PluginSet Load(IEnumerable<string> pluginDirs)
    {
        ArgumentNullException.ThrowIfNull(pluginDirs);
        var components = new List<(ComponentSpec, ComponentFactory)>();
        var loaded = new List<string>();
        var problems = new List<PluginProblem>();
        foreach (var dir in pluginDirs)
        {
            if (!Directory.Exists(dir))
            {
                continue;
            }
            foreach (var pluginDir in Directory.GetDirectories(dir).Order(StringComparer.Ordinal))
            {
                var name = System.IO.Path.GetFileName(pluginDir);
                var found = LoadOne(name, pluginDir, problems);
                if (found is not null)
                {
                    components.AddRange(found);
                    loaded.Add(name);
                }
            }
        }
        return new PluginSet(components, loaded, problems);
    }

    /// <summary>The plugin folders: <c>--plugins-path</c> entries when given, else <c>$FLUME_HOME/plugins.d</c>.</summary>
    public static IReadOnlyList<string> Directories(IReadOnlyList<string> pluginsPath, string? flumeHome) =>
        pluginsPath.Count > 0 ? pluginsPath
        : string.IsNullOrEmpty(flumeHome) ? []
        : [System.IO.Path.Combine(flumeHome, "plugins.d")];

    // Loading assemblies is reflection the trimmer cannot follow: only the JIT build (never trimmed) gets past the
    // IsDynamicCodeSupported guard below; the native program reports plugins as a problem instead.
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reached only in the untrimmed JIT build (guard above the loads).")]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Reached only in the untrimmed JIT build (guard above the loads).")]
    private static List<(ComponentSpec, ComponentFactory)>? LoadOne(string name, string pluginDir, List<PluginProblem> problems)
    {
        var libDir = System.IO.Path.Combine(pluginDir, "lib");
        var dlls = Directory.Exists(libDir) ? Directory.GetFiles(libDir, "*.dll").Order(StringComparer.Ordinal).ToArray() : [];
        if (dlls.Length == 0)
        {
            problems.Add(new PluginProblem(name, pluginDir, "no .NET assembly in lib/ (a FlumeNet plugin is lib/*.dll; Java jars cannot be loaded)"));
            return null;
        }
        if (!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
        {
            problems.Add(new PluginProblem(name, pluginDir, "the native flume-ng cannot load .NET plugins; run the JIT build (a release's bin/flume-ng picks it when plugins.d has content and dotnet is installed)"));
            return null;
        }
        var context = new PluginLoadContext(name, libDir);
        var registrar = new Registrar(name);
        var marked = 0;
        foreach (var dll in dlls)
        {
            try
            {
                var assembly = context.LoadFromAssemblyPath(System.IO.Path.GetFullPath(dll));
                if (assembly.GetCustomAttribute<FlumeNetPluginAttribute>() is not { } mark)
                {
                    continue;
                }
                marked++;
                if (mark.ApiVersion != PluginApi.Version)
                {
                    problems.Add(new PluginProblem(name, dll, $"built for plugin API {mark.ApiVersion}, this agent offers API {PluginApi.Version} (rebuild the plugin against this FlumeNet)"));
                    return null;
                }
                foreach (var type in assembly.GetExportedTypes())
                {
                    if (typeof(IFlumeNetPlugin).IsAssignableFrom(type) && type is { IsAbstract: false, IsInterface: false })
                    {
                        var plugin = (IFlumeNetPlugin)Activator.CreateInstance(type)!;
                        plugin.Register(registrar);
                    }
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                problems.Add(new PluginProblem(name, dll, Describe(ex)));
                return null;
            }
        }
        if (marked == 0)
        {
            problems.Add(new PluginProblem(name, pluginDir, "no assembly in lib/ is marked [assembly: FlumeNetPlugin(...)]"));
            return null;
        }
        return registrar.Components;
    }

    internal static string Describe(Exception ex)
    {
        var inner = ex is TargetInvocationException { InnerException: { } i } ? i : ex;
        return inner switch
        {
            BadImageFormatException => $"not a .NET assembly ({inner.Message})",
            FileNotFoundException f => $"a file it needs is missing: {f.FileName ?? f.Message} (copy it into lib/)",
            FileLoadException f => $"cannot load {f.FileName}: {f.Message}",
            ReflectionTypeLoadException r => $"types cannot be loaded: {r.LoaderExceptions.FirstOrDefault()?.Message ?? r.Message}",
            _ => $"{inner.GetType().Name}: {inner.Message}",
        };
    }

    private sealed class Registrar(string plugin) : IPluginRegistrar
    {
        public List<(ComponentSpec, ComponentFactory)> Components { get; } = [];

        public int ApiVersion => PluginApi.Version;

        public void Add(ComponentSpec spec, ComponentFactory factory)
        {
            ArgumentNullException.ThrowIfNull(spec);
            ArgumentNullException.ThrowIfNull(factory);
            if (spec.ClassNames.Count == 0)
            {
                throw new ArgumentException("a plugin component is named by its Java class name(s); aliases are Flume's", nameof(spec));
            }
            Components.Add((spec with { Aliases = [], Origin = $"plugin {plugin}" }, PluginGuard.Wrap(plugin, spec, factory)));
        }
    }
}

/// <summary>The plugins found: their components (spec and guarded factory), the names loaded, and what failed.</summary>
public sealed record PluginSet(
    IReadOnlyList<(ComponentSpec Spec, ComponentFactory Factory)> Components,
    IReadOnlyList<string> Loaded,
    IReadOnlyList<PluginProblem> Problems)
{
    public static PluginSet Empty { get; } = new([], [], []);
}
