using System.Runtime.CompilerServices;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Plugins;
using FlumeNet.Agent.Registry;
using FlumeNet.ConfigParser.Specs;

[assembly: FlumeNetPlugin(PluginApi.Version)]

namespace FlumeNet.TestPlugins.Broken;

public sealed class BrokenPlugin : IFlumeNetPlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.Add(new ComponentSpec(ComponentKind.Sink, [], ["com.example.ThrowingSink"], "Fails in Start.", []),
            new ComponentFactory { Sink = (o, channel) => new ThrowingSink(o.Name, channel) });
        registrar.Add(new ComponentSpec(ComponentKind.Interceptor, [], ["com.example.NeedsMissingDll$Builder"], "Needs a dll that is not installed.", []),
            new ComponentFactory { Interceptor = _ => CreateNeedingDependency() });
    }

    // Kept out of line so the missing assembly is first needed when the component is created, not when Register runs.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static NeedsDependency CreateNeedingDependency() => new NeedsDependency(Dependency.Needed.Marker);
}

internal sealed class NeedsDependency(string marker) : IInterceptor
{
    public FlumeEvent? Intercept(FlumeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        e.Headers["marker"] = marker;
        return e;
    }
}

internal sealed class ThrowingSink(string name, IChannel channel) : ISink
{
    public string Name => name;

    public IChannel Channel => channel;

    public void Start() => throw new BrokenPluginException("this test sink always fails to start");

    public void Stop()
    {
    }

    public ProcessStatus Process() => ProcessStatus.Backoff;
}

public sealed class BrokenPluginException : Exception
{
    public BrokenPluginException()
    {
    }

    public BrokenPluginException(string message)
        : base(message)
    {
    }

    public BrokenPluginException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
