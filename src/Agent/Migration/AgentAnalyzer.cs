using FlumeNet.Agent.Hdfs.FileSystems;
using FlumeNet.Agent.Registry;
using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Migration;

/// <summary>
/// Judges one validated agent for FlumeNet: how each component's type was recognised, whether it runs (its own support,
/// its selector, interceptors, serializer or processor, a running channel, a writable HDFS path), which options are
/// ignored and why, and the <c>--check</c> diagnostics that belong to it. Errors other than "recognised, not runnable"
/// are changes to make; components that cannot run are drops. Also proposes conservative key fixes and line marks.
/// </summary>
public sealed class AgentAnalyzer
{
    private readonly ComponentRegistry _registry;
    private readonly ComponentInspector _inspector;
    private readonly HadoopConfig _hadoop;
    private readonly string? _declaredHadoopDir;
    private readonly long? _maxHeapBytes;

    public AgentAnalyzer(ComponentRegistry registry, HadoopConfig hadoop, string? declaredHadoopDir, long? maxHeapBytes)
    {
        _registry = registry;
        _inspector = new ComponentInspector(registry);
        _hadoop = hadoop;
        _declaredHadoopDir = declaredHadoopDir;
        _maxHeapBytes = maxHeapBytes;
    }

    /// <param name="diagnostics">The load's diagnostics (all agents of the file), locations already shown as the report shows them.</param>
    public AgentAnalysis Analyze(AgentConfig agent, IReadOnlyList<Diagnostic> diagnostics, string displayFile)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var s = new AnalysisState { Agent = agent, Report = new AgentReport(agent.Name, displayFile) };
        foreach (var section in new[] { SectionKind.ConfigFilters, SectionKind.Sources, SectionKind.Channels, SectionKind.Sinks, SectionKind.SinkGroups })
        {
            foreach (var name in Names(agent, section, s))
            {
                var r = _inspector.Build(s, section, name);
                s.Reports[(section, name)] = r;
                s.Report.Components.Add(r);
            }
        }
        Attribute(s, diagnostics);
        DecideRuns(s);
        Classify(s);
        Notes(s);
        return new AgentAnalysis(agent, s.Report, s.Marks, s.Fixes);
    }

    private static List<string> Names(AgentConfig agent, SectionKind section, AnalysisState s)
    {
        var names = new List<string>(agent.List(section)?.Names ?? []);
        foreach (var name in agent.Components(section).Keys)
        {
            if (!names.Contains(name))
            {
                names.Add(name);
                s.Unlisted.Add((section, name));
            }
        }
        return names;
    }

    private static void Attribute(AnalysisState s, IReadOnlyList<Diagnostic> diagnostics)
    {
        var agent = s.Agent.Name;
        foreach (var d in diagnostics)
        {
            if (d.Key != agent && !d.Key.StartsWith(agent + ".", StringComparison.Ordinal))
            {
                continue;
            }
            var owner = s.Reports.FirstOrDefault(kv =>
            {
                var prefix = $"{agent}.{kv.Key.Item1.ListKey()}.{kv.Key.Item2}";
                return d.Key == prefix || d.Key.StartsWith(prefix + ".", StringComparison.Ordinal);
            }).Value;
            (owner?.Diagnostics ?? s.Report.Diagnostics).Add(d);
        }
    }

    private void DecideRuns(AnalysisState s)
    {
        var agent = s.Agent;
        bool Active(SectionKind k, string n) => agent.IsValid && agent.Active[k].Contains(n);
        var runningChannels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ((section, name), r) in s.Reports)
        {
            if (s.Unlisted.Contains((section, name)))
            {
                r.DropReason = "defined but not listed: Flume ignores it too";
                continue;
            }
            r.DropReason = OwnReason(s, section, name, r, Active(section, name));
            if (section == SectionKind.Channels && r.DropReason is null)
            {
                runningChannels.Add(name);
            }
        }
        foreach (var ((section, name), r) in s.Reports)
        {
            if (r.DropReason is not null)
            {
                continue;
            }
            var c = agent.Component(section, name)!;
            if (section == SectionKind.Sources && !agent.SourceChannels.GetValueOrDefault(name, []).Any(runningChannels.Contains))
            {
                r.DropReason = $"its channels ({c.Get("channels")}) do not run";
            }
            else if (section == SectionKind.Sinks && c.Get("channel") is { } ch && !runningChannels.Contains(ch))
            {
                r.DropReason = $"its channel '{ch}' does not run";
            }
        }
        foreach (var ((section, name), r) in s.Reports)
        {
            if (section == SectionKind.Sinks && !s.Unlisted.Contains((section, name)) && agent.Component(section, name) is { } sink
                && PathCheck(s, sink, r) is { } pathReason)
            {
                if (r.DropReason is null)
                {
                    r.DropReason = pathReason;
                }
                else
                {
                    r.Notes.Add($"even with its channel running: {pathReason}");
                }
            }
        }
        // A group runs only with its processor and every member; otherwise none of its sinks runs.
        foreach (var ((section, name), r) in s.Reports)
        {
            if (section != SectionKind.SinkGroups || s.Unlisted.Contains((section, name)))
            {
                continue;
            }
            var members = agent.GroupSinks.GetValueOrDefault(name, []);
            var broken = members.FirstOrDefault(m => s.Reports.GetValueOrDefault((SectionKind.Sinks, m))?.DropReason is not null);
            if (r.DropReason is null && broken is not null)
            {
                r.DropReason = $"its member sink '{broken}' does not run";
            }
            if (r.DropReason is not null)
            {
                foreach (var m in members)
                {
                    if (s.Reports.GetValueOrDefault((SectionKind.Sinks, m)) is { DropReason: null } sink)
                    {
                        sink.DropReason = $"its sink group '{name}' cannot run";
                    }
                }
            }
        }
        foreach (var r in s.Reports.Values)
        {
            r.Runs = r.DropReason is null;
        }
    }

    private static string? OwnReason(AnalysisState s, SectionKind section, string name, ComponentReport r, bool active)
    {
        var c = s.Agent.Component(section, name);
        if (c is null)
        {
            return "listed but not defined";
        }
        if (section != SectionKind.SinkGroups)
        {
            if (r.Support is null || r.Recognition.Contains("wrong case", StringComparison.Ordinal))
            {
                return r.Recognition;
            }
            if (r.Support is { } support && support != SupportLevel.Runnable)
            {
                return SupportText(support);
            }
        }
        if (r.Parts.FirstOrDefault(p => !p.Runs) is { } part)
        {
            return $"its {part.Kind} {(part.Kind == "interceptor" ? $"'{part.Name}' " : string.Empty)}({part.Type ?? "default"}) does not run: {part.DropReason}";
        }
        if (!active)
        {
            if (!s.Agent.IsValid)
            {
                return "the whole agent is invalid (see its diagnostics)";
            }
            var why = r.Diagnostics.FirstOrDefault(d => d.IsError && !s.DropTypeKeys.Contains(d.Key))
                ?? r.Diagnostics.FirstOrDefault(d => d.Code is DiagnosticCodes.UnusedChannel or DiagnosticCodes.ComponentDropped);
            return why is null ? "dropped by validation (see its diagnostics)" : $"dropped by validation: {why.Message}";
        }
        return null;
    }

    private string? PathCheck(AnalysisState s, ComponentConfig c, ComponentReport r)
    {
        if (c.Find("hdfs.path") is not { } path || r.Type is null
            || _registry.Resolve(ComponentKind.Sink, r.Type)?.Spec.FindOption("hdfs.path") is null)
        {
            return null;
        }
        var problem = MigrationMap.PathProblem(path.Value, _hadoop);
        if (problem is { Blocker: true } blocker)
        {
            s.Report.AddChange(path.FullKey, $"{path.FullKey} = {path.Value}: {blocker.Text}; write to HDFS or local disk and copy to object storage with another tool");
            s.Marks.Add(new LineMark(path.Location.Line, $"{blocker.Text}. Change hdfs.path by hand: an hdfs:// or local path, copied to object storage with another tool."));
            s.PathMarked.Add(r);
            return blocker.Text;
        }
        if (problem is { } dropped)
        {
            return $"hdfs.path: {dropped.Text}";
        }
        if (MigrationMap.SchemeOf(path.Value) is null)
        {
            r.Notes.Add(_hadoop.Folder is not null
                ? $"hdfs.path {path.Value} has no scheme: written under fs.defaultFS of {_hadoop.Folder}"
                : $"hdfs.path {path.Value} has no scheme and no Hadoop config was found"
                    + (_declaredHadoopDir is null ? string.Empty : $" (flume-env.sh names {_declaredHadoopDir}, absent here; where it exists, its fs.defaultFS decides)")
                    + ": FlumeNet writes it on the local disk; Flume on EMR resolved it against fs.defaultFS, usually HDFS");
        }
        if (WebHdfsNote(path.Value, _hadoop) is { } webHdfs)
        {
            r.Notes.Add(webHdfs);
        }
        return null;
    }

    /// <summary>
    /// Where an hdfs.path is written (the WebHDFS address and why), for migrate and --check alike; null for a local
    /// path or one that is no URI at all (an unresolved placeholder such as <c>hdfs://${cluster}/…</c>).
    /// </summary>
    public static string? WebHdfsNote(string path, HadoopConfig hadoop)
    {
        try
        {
            return WebHdfsAddressNote.For(path, hadoop);
        }
        catch (Exception ex) when (ex is UriFormatException or ArgumentException or FormatException)
        {
            return null;
        }
    }

    private static void Classify(AnalysisState s)
    {
        foreach (var r in s.Report.Components)
        {
            foreach (var d in r.Diagnostics.Where(d => d.IsError))
            {
                AddChange(s, d);
            }
        }
        foreach (var d in s.Report.Diagnostics.Where(d => d.IsError))
        {
            AddChange(s, d);
        }
        foreach (var ((section, name), r) in s.Reports)
        {
            if (r.Runs || s.Unlisted.Contains((section, name)))
            {
                continue;
            }
            s.Report.Dropped.Add($"{r.Title}{(r.Type is null ? string.Empty : $" ({r.Type})")}: {r.DropReason}");
            var c = s.Agent.Component(section, name);
            if (c is not null && !s.PathMarked.Contains(r) && !r.Diagnostics.Any(d => d.IsError && !s.DropTypeKeys.Contains(d.Key)))
            {
                s.Marks.Add(new LineMark(c.Location.Line, $"FlumeNet would drop {r.Title}: {r.DropReason}"));
            }
        }
    }

    private static void AddChange(AnalysisState s, Diagnostic d)
    {
        if ((d.Code == DiagnosticCodes.NotYetSupported || d.Code == DiagnosticCodes.NotSupported) && s.DropTypeKeys.Contains(d.Key))
        {
            return;
        }
        var hint = string.IsNullOrEmpty(d.Hint) ? string.Empty : $" ({d.Hint})";
        s.Report.AddChange(d.Key, $"{d.Location}: {d.Key}: {d.Message}{hint}");
        if (d.Location.Line > 0)
        {
            s.Marks.Add(new LineMark(d.Location.Line, $"error: {d.Message}{hint}"));
        }
    }

    public static string SupportText(SupportLevel support) => support switch
    {
        SupportLevel.Runnable => "FlumeNet runs it",
        SupportLevel.NotYetSupported => "recognised, not yet supported by FlumeNet",
        _ => "recognised, not planned in FlumeNet",
    };

    private void Notes(AnalysisState s)
    {
        var sources = s.Reports.Where(kv => kv.Key.Item1 == SectionKind.Sources && !s.Unlisted.Contains(kv.Key)).Select(kv => kv.Value).ToList();
        var sinks = s.Reports.Where(kv => kv.Key.Item1 == SectionKind.Sinks && !s.Unlisted.Contains(kv.Key)).Select(kv => kv.Value).ToList();
        if (sources.Count > 0 && !sources.Any(r => r.Runs))
        {
            s.Report.Notes.Add("no source would run: the agent would start and move no events");
        }
        if (sinks.Count > 0 && !sinks.Any(r => r.Runs))
        {
            s.Report.Notes.Add("no sink would run: events would only fill the channels");
        }
        if (_maxHeapBytes is not { } heap)
        {
            return;
        }
        foreach (var ((section, name), r) in s.Reports)
        {
            var c = s.Agent.Component(section, name);
            if (section == SectionKind.Channels && r.Type is { } t && t.Equals("memory", StringComparison.OrdinalIgnoreCase) && c?.Find("byteCapacity") is null)
            {
                var cap = (long)(heap * 0.8);
                r.Notes.Add($"no byteCapacity: Flume capped it at 80% of -Xmx ({cap} bytes); FlumeNet caps it at 80% of the memory available to the process (set byteCapacity = {cap} to keep Flume's cap)");
            }
        }
    }
}
