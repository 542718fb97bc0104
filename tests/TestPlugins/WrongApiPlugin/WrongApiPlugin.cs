using FlumeNet.Agent.Plugins;
using FlumeNet.Agent.Registry;
using FlumeNet.ConfigParser.Specs;

[assembly: FlumeNetPlugin(99)]

namespace FlumeNet.TestPlugins.WrongApi;

public sealed class WrongApiPlugin : IFlumeNetPlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.Add(new ComponentSpec(ComponentKind.Interceptor, [], ["com.example.WrongApi$Builder"], "Never registered.", []),
            new ComponentFactory());
    }
}
