using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Properties;
using FlumeNet.ConfigParser.Substitution;

namespace FlumeNet.ConfigParser.Loading;

/// <summary>Every stage's output of one load: raw properties, resolved properties, the agent model and all diagnostics.</summary>
public sealed record LoadResult(
    IReadOnlyList<string> Files,
    PropertySet Raw,
    IReadOnlyList<ResolvedProperty> Resolved,
    FlumeConfig Config,
    DiagnosticBag Diagnostics)
{
    public IReadOnlyList<Diagnostic> SortedDiagnostics => Diagnostics.Sorted(Files);
}
