using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Registry.Specs;

/// <summary>Config filters, which fill <c>${name['key']}</c> references (reference §3.9). env and external run in ConfigParser.</summary>
public static class ConfigFilterSpecs
{
    public static readonly ComponentSpec Env = new(
        ComponentKind.ConfigFilter,
        ["env"],
        ["org.apache.flume.configfilter.EnvironmentVariableConfigFilter"],
        "Replaces ${name['KEY']} with the environment variable KEY.",
        [])
    {
        Support = SupportLevel.Runnable,
    };

    public static readonly ComponentSpec External = new(
        ComponentKind.ConfigFilter,
        ["external"],
        ["org.apache.flume.configfilter.ExternalProcessConfigFilter"],
        "Replaces ${name['KEY']} with the first line a command prints when given KEY as its last argument.",
        [
            Opt.Str("command", null, "Command to run, split on whitespace; the key is appended.") with { Required = true },
            Opt.Str("charset", "UTF-8", "Character set of the command's output."),
        ])
    {
        Support = SupportLevel.Runnable,
    };

    public static readonly ComponentSpec Hadoop = new(
        ComponentKind.ConfigFilter,
        ["hadoop"],
        ["org.apache.flume.configfilter.HadoopCredentialStoreConfigFilter"],
        "Replaces ${name['KEY']} with a password from a Hadoop credential store; not planned: needs a Java keystore.",
        [
            Opt.Str("credential.provider.path", null, "Hadoop credential provider path, e.g. jceks://file/path/store.jceks."),
            Opt.Path("credstore.java-keystore-provider.password-file", null, "Classpath file holding the keystore password."),
        ])
    {
        Support = SupportLevel.NotPlanned,
    };
}
