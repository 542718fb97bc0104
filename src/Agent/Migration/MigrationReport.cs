using FlumeNet.ConfigParser.Diagnostics;

namespace FlumeNet.Agent.Migration;

/// <summary>One agent config file: its agents, the output config made from it, and findings about the file as a whole.</summary>
public sealed class ConfigFileReport
{
    public ConfigFileReport(string name, RewriteResult rewrite)
    {
        Name = name;
        Rewrite = rewrite;
    }

    /// <summary>The file name (the output config has the same name).</summary>
    public string Name { get; }

    public RewriteResult Rewrite { get; }

    /// <summary>Not an agent config (no agent lists): reported, not written.</summary>
    public bool Skipped { get; init; }

    public List<AgentReport> Agents { get; } = [];

    /// <summary>Diagnostics not about one of the reported agents (syntax, other agents, an agent not found).</summary>
    public List<Diagnostic> Diagnostics { get; } = [];

    public List<string> Notes { get; } = [];
}

/// <summary>Everything <c>flume-ng migrate</c> found and wrote; the renderers turn it into text, Markdown or JSON.</summary>
public sealed class MigrationReport
{
    public MigrationReport(string input, MigrationInputs inputs, EnvPlan env)
    {
        Input = input;
        Inputs = inputs;
        Env = env;
    }

    /// <summary>The input as given on the command line.</summary>
    public string Input { get; }

    public MigrationInputs Inputs { get; }

    public EnvPlan Env { get; }

    public LogPlan? Log { get; set; }

    /// <summary>Why the logging config could not be converted, when it could not.</summary>
    public string? LogError { get; set; }

    /// <summary>The output folder as given, or null when nothing is written.</summary>
    public string? OutputDir { get; set; }

    public List<ConfigFileReport> Files { get; } = [];

    /// <summary>Names of the files written to the output folder.</summary>
    public List<string> Written { get; } = [];

    public List<string> Notes { get; } = [];

    public IEnumerable<AgentReport> Agents => Files.SelectMany(f => f.Agents);

    /// <summary>0 when every agent runs unchanged; 1 when one needs changes or would drop components, or none was found.</summary>
    public int ExitCode => Agents.Any() && Agents.All(a => a.Verdict == Verdict.RunsUnchanged) ? 0 : 1;
}
