using FlumeNet.ConfigParser.Model;

namespace FlumeNet.Agent.Migration;

/// <summary>What the analysis of one agent has found so far: its report, marks and fixes for the output config, and bookkeeping.</summary>
internal sealed class AnalysisState
{
    public required AgentConfig Agent { get; init; }

    public required AgentReport Report { get; init; }

    public List<LineMark> Marks { get; } = [];

    public List<KeyFix> Fixes { get; } = [];

    /// <summary>Full keys of type settings naming a recognised type FlumeNet does not run: their errors are drops, not changes.</summary>
    public HashSet<string> DropTypeKeys { get; } = new(StringComparer.Ordinal);

    public Dictionary<(SectionKind, string), ComponentReport> Reports { get; } = [];

    public HashSet<(SectionKind, string)> Unlisted { get; } = [];

    /// <summary>Components whose problem is already marked on their hdfs.path line.</summary>
    public HashSet<ComponentReport> PathMarked { get; } = [];
}
