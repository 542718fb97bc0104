namespace FlumeNet.Agent.Cli;

/// <summary>The parsed <c>flume-ng agent</c> (and <c>config</c>) command line.</summary>
public sealed class AgentArguments
{
    public string? Name { get; set; }

    public List<string> ConfigFiles { get; } = [];

    /// <summary>Files named by <c>--conf-uri file:…</c>; when any is given, Flume ignores every <c>-f</c> (S7).</summary>
    public List<string> ConfigUriFiles { get; } = [];

    public string? ConfDir { get; set; }

    public int? PollIntervalSeconds { get; set; }

    public bool NoReloadConf { get; set; }

    public bool Check { get; set; }

    public bool Strict { get; set; }

    public bool Raw { get; set; }

    public bool Help { get; set; }

    /// <summary><c>--dryrun</c>/<c>-d</c>: say what would run, start nothing (Flume prints the java command).</summary>
    public bool DryRun { get; set; }

    public string Format { get; set; } = "text";

    /// <summary><c>-Dkey=value</c> pairs: the agent's system properties (last one wins).</summary>
    public Dictionary<string, string> SystemProperties { get; } = new(StringComparer.Ordinal);

    /// <summary><c>--plugins-path</c> folders (colon-separated, repeatable), searched instead of <c>$FLUME_HOME/plugins.d</c>.</summary>
    public List<string> PluginsPath { get; } = [];

    /// <summary>Options accepted for compatibility but without effect here, with the reason; printed as notices.</summary>
    public List<string> Ignored { get; } = [];
}
