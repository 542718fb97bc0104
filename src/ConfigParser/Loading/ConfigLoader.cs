using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Filters;
using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Properties;
using FlumeNet.ConfigParser.Substitution;
using FlumeNet.ConfigParser.Validation;

namespace FlumeNet.ConfigParser.Loading;

/// <summary>
/// Flume's load pipeline (reference §2): read each file as <c>Properties.load</c> does and merge them (last key wins),
/// substitute <c>${…}</c> in every value, take the properties into agents, apply config filters, then validate the
/// selected agent (or every agent when none is named) structurally and against the catalog.
/// </summary>
public static class ConfigLoader
{
    public static LoadResult Load(LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var diagnostics = new DiagnosticBag();
        var raw = Read(options.Files, diagnostics);
        var context = new SubstitutionContext(options.SystemProperties, options.Environment, options.Now);
        var resolved = PropertyResolver.Resolve(raw.Entries, context, diagnostics);
        var config = ConfigIntake.Build(resolved, diagnostics);
        foreach (var agent in config.Agents)
        {
            if (options.AgentName is not null && agent.Name != options.AgentName)
            {
                continue;
            }
            ConfigFilterStage.Apply(agent, options.Catalog, options.Environment, diagnostics);
            StructuralValidator.Validate(agent, diagnostics);
            SemanticValidator.Validate(agent, options.Catalog, diagnostics);
        }
        if (options.AgentName is not null)
        {
            ReportNearAgentNames(options.AgentName, config, resolved, diagnostics);
        }
        if (options.AgentName is not null && config.Agent(options.AgentName) is null && options.Files.Count > 0)
        {
            var names = new List<string>();
            foreach (var a in config.Agents)
            {
                names.Add(a.Name);
            }
            var near = NameSuggester.Nearest(options.AgentName, names);
            diagnostics.Error(new SourceLocation(options.Files[0], 0), DiagnosticCodes.AgentNotFound, options.AgentName,
                $"no property starts with '{options.AgentName}.'; Flume would run nothing (\"No configuration found for this host\")",
                near is not null ? $"did you mean -n {near}?" : names.Count > 0 ? $"agents in the file: {string.Join(' ', names)}" : null);
        }
        if (options.AgentName is null && config.Agents.Count == 0 && options.Files.Count > 0
            && !diagnostics.Items.Any(d => d.Code == DiagnosticCodes.FileNotFound))
        {
            diagnostics.Error(new SourceLocation(options.Files[0], 0), DiagnosticCodes.AgentNotFound, string.Empty,
                "the config defines no agent: no property has the form AGENT.sources, AGENT.channels or AGENT.sinks; Flume would run nothing",
                "is this the right file? a Flume config has lines like a1.sources = r1");
        }
        return new LoadResult(options.Files, raw, resolved, config, diagnostics);
    }

    // 'al.sinks.k1.x' next to 'a1.…' when checking a1: a typo that Flume silently files under another agent.
    private static void ReportNearAgentNames(string agentName, FlumeConfig config, IReadOnlyList<ResolvedProperty> resolved, DiagnosticBag diagnostics)
    {
        if (config.Agent(agentName) is null)
        {
            return;
        }
        foreach (var other in config.Agents)
        {
            if (other.Name == agentName || NameSuggester.Distance(other.Name, agentName) != 1)
            {
                continue;
            }
            foreach (var p in resolved)
            {
                if (p.Key.Trim().StartsWith(other.Name + ".", StringComparison.Ordinal))
                {
                    var rest = p.Key.Trim()[(other.Name.Length + 1)..];
                    diagnostics.Warning(p.Location, DiagnosticCodes.AgentNameTypo, p.Key.Trim(),
                        $"the agent prefix '{other.Name}' is one letter away from '{agentName}', the agent being checked; Flume files this key under an agent '{other.Name}' and runs '{agentName}' without it",
                        $"did you mean {agentName}.{rest}?");
                }
            }
        }
    }

    /// <summary>Reads and merges the files only (what <c>flume-ng config --raw</c> shows).</summary>
    public static PropertySet Read(IReadOnlyList<string> files, DiagnosticBag diagnostics)
    {
        var perFile = new List<IReadOnlyList<PropertyEntry>>(files.Count);
        foreach (var file in files)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                diagnostics.Error(new SourceLocation(file, 0), DiagnosticCodes.FileNotFound, string.Empty,
                    $"cannot read the config file: {ex.Message}; Flume does not start");
                continue;
            }
            perFile.Add(PropertiesReader.Read(bytes, file, diagnostics));
        }
        return PropertySet.Merge(perFile, diagnostics);
    }
}
