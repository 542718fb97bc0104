using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Migration;

public enum Verdict
{
    RunsUnchanged,
    RunsWithDrops,
    NeedsChanges,
}

/// <summary>A Java class the config names that FlumeNet cannot load (kind: source, interceptor, …), and what replaces it.</summary>
public sealed record CustomClass(string Kind, string ClassName, string Key, string Replacement);

/// <summary>An option FlumeNet reads no value from, with why (its spec's IgnoredBecause, or an unknown key).</summary>
public sealed record IgnoredOption(string Key, string Why);

/// <summary>One component of an agent (or a part of one: selector, interceptor, serializer, sink processor) as the report shows it.</summary>
public sealed class ComponentReport
{
    public ComponentReport(string kind, string name)
    {
        Kind = kind;
        Name = name;
    }

    /// <summary>source, channel, sink, sink group, config filter, selector, interceptor, serializer, processor.</summary>
    public string Kind { get; }

    public string Name { get; }

    public string? Type { get; set; }

    /// <summary>How its type was recognised: Flume alias, Flume/EMR/aliyun-log-flume class, unknown.</summary>
    public string Recognition { get; set; } = string.Empty;

    public string? Origin { get; set; }

    public SupportLevel? Support { get; set; }

    public bool Runs { get; set; }

    /// <summary>Why it does not run; null when it runs.</summary>
    public string? DropReason { get; set; }

    public string? MappingNote { get; set; }

    public List<IgnoredOption> Ignored { get; } = [];

    public List<Diagnostic> Diagnostics { get; } = [];

    public List<string> Notes { get; } = [];

    public List<ComponentReport> Parts { get; } = [];

    /// <summary>"source 'r1'"; parts that exist once per component are named by their kind alone ("selector").</summary>
    public string Title => Name == Kind ? Kind : $"{Kind} '{Name}'";
}

/// <summary>One agent's outcome: its verdict, what would be dropped, what needs changing, and each component.</summary>
public sealed class AgentReport
{
    public AgentReport(string name, string file)
    {
        Name = name;
        File = file;
    }

    public string Name { get; }

    /// <summary>The config file's name, as shown in the report.</summary>
    public string File { get; }

    public List<ComponentReport> Components { get; } = [];

    /// <summary>Components the agent would drop, each with why.</summary>
    public List<string> Dropped { get; } = [];

    private readonly List<string> _changeKeys = [];
    private readonly List<string> _changes = [];

    /// <summary>What must change by hand.</summary>
    public IReadOnlyList<string> Changes => _changes;

    /// <summary>What the output config already changes (renamed keys): to review before running it.</summary>
    public List<string> Fixed { get; } = [];

    public List<string> Notes { get; } = [];

    /// <summary>The custom Java classes the agent names, each with its replacement.</summary>
    public List<CustomClass> CustomClasses { get; } = [];

    /// <summary>Diagnostics about the agent as a whole (its lists, its validity).</summary>
    public List<Diagnostic> Diagnostics { get; } = [];

    /// <param name="key">The full key the change is about, so that a rename made in the output config can settle it.</param>
    public void AddChange(string key, string text)
    {
        _changeKeys.Add(key);
        _changes.Add(text);
    }

    /// <summary>Drops the changes about <paramref name="key"/>: the output config already settles them.</summary>
    public void SettleChanges(string key)
    {
        for (var i = _changes.Count - 1; i >= 0; i--)
        {
            if (_changeKeys[i] == key)
            {
                _changeKeys.RemoveAt(i);
                _changes.RemoveAt(i);
            }
        }
    }

    public Verdict Verdict => Changes.Count + Fixed.Count > 0 ? Verdict.NeedsChanges : Dropped.Count > 0 ? Verdict.RunsWithDrops : Verdict.RunsUnchanged;

    public string VerdictText => Verdict switch
    {
        Verdict.RunsUnchanged => "runs unchanged",
        Verdict.RunsWithDrops => Dropped.Count == 1 ? "runs, 1 component would be dropped" : $"runs, {Dropped.Count} components would be dropped",
        _ when Fixed.Count == 0 => $"needs changes ({Changes.Count} by hand)",
        _ when Changes.Count == 0 => $"needs changes ({Fixed.Count} made in the output config: review them)",
        _ => $"needs changes ({Changes.Count} by hand, {Fixed.Count} made in the output config)",
    };
}
