using FlumeNet.Agent.Plugins;
using FlumeNet.Agent.Registry;
using FlumeNet.ConfigParser.Specs;

[assembly: FlumeNetPlugin(PluginApi.Version)]

namespace FlumeNet.Samples.LineEtl;

/// <summary>Registers the interceptor under the Java class name the config already names, with its options declared once.</summary>
public sealed class LineEtlPlugin : IFlumeNetPlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.Add(
            new ComponentSpec(
                ComponentKind.Interceptor,
                [],
                ["com.example.flume.interceptor.LineEtlInterceptor$Builder"],
                "Drops blank and overlong lines, trims the rest, records the length in a header.",
                [
                    new OptionSpec("maxLength", OptionType.Int, "Longest line kept, in bytes.") { Default = "4096", Min = 1 },
                    new OptionSpec("lengthHeader", OptionType.String, "Header that receives the body length.") { Default = "length" },
                ]),
            new ComponentFactory { Interceptor = o => new LineEtlInterceptor(o) });
    }
}
