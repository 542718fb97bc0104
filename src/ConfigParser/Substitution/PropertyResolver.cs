using System.Text.RegularExpressions;
using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Properties;

namespace FlumeNet.ConfigParser.Substitution;

/// <summary>
/// Flume 1.11's MapResolver step: every value (never a key) goes through <c>${…}</c> substitution before any other rule.
/// Config-key references resolve against every raw value, whatever the order (Flume's result depends on HashMap order:
/// a reference Flume would leave literal is resolved, with a warning that names the difference).
/// </summary>
public static partial class PropertyResolver
{
    public static IReadOnlyList<ResolvedProperty> Resolve(
        IReadOnlyList<PropertyEntry> entries, SubstitutionContext context, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var needed = false;
        foreach (var e in entries)
        {
            needed |= e.Value.Contains("${", StringComparison.Ordinal);
        }
        if (!needed)
        {
            return ResolveHere(entries, context, diagnostics);
        }
        // A chain of references recurses once per link: a thread with a stack for StringSubstitutor.MaxDepth links.
        IReadOnlyList<ResolvedProperty>? result = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = ResolveHere(entries, context, diagnostics);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }, StringSubstitutor.StackBytes)
        { Name = "config-substitution", IsBackground = true };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
        return result!;
    }

    private static List<ResolvedProperty> ResolveHere(
        IReadOnlyList<PropertyEntry> entries, SubstitutionContext context, DiagnosticBag diagnostics)
    {
        var raw = new Dictionary<string, string>(entries.Count, StringComparer.Ordinal);
        foreach (var e in entries)
        {
            raw[e.Key] = e.Value;
        }
        var referenced = new List<string>();
        var lookup = new FlumeVariableLookup(context, k =>
        {
            if (raw.TryGetValue(k, out var v))
            {
                referenced.Add(k);
                return v;
            }
            return null;
        });
        var substitutor = new StringSubstitutor(lookup.Lookup);
        var result = new List<ResolvedProperty>(entries.Count);
        Dictionary<string, int>? flumeOrder = null;
        foreach (var e in entries)
        {
            var value = e.Value;
            if (value.Contains("${", StringComparison.Ordinal))
            {
                referenced.Clear();
                value = ResolveOne(e, substitutor, lookup, diagnostics);
                // Nothing resolved (a cycle, or only unknown names): both agents keep the text, nothing differs.
                if (referenced.Count > 0 && value != e.Value)
                {
                    flumeOrder ??= FlumeOrder(raw.Keys);
                    WarnAboutOrder(e, referenced, flumeOrder, diagnostics);
                }
            }
            result.Add(new ResolvedProperty(e.Key, e.Value, value, e.Location));
        }
        return result;
    }

    // Flume 1.11 fills its output map in HashMap order of the keys and looks config keys up in that half-filled map.
    private static Dictionary<string, int> FlumeOrder(IEnumerable<string> keys)
    {
        var ordered = JavaCompat.JavaHashMapOrder.Ordered([.. keys]);
        var position = new Dictionary<string, int>(ordered.Length, StringComparer.Ordinal);
        for (var i = 0; i < ordered.Length; i++)
        {
            position[ordered[i]] = i;
        }
        return position;
    }

    private static void WarnAboutOrder(PropertyEntry e, List<string> referenced, Dictionary<string, int> order, DiagnosticBag diagnostics)
    {
        var self = order.GetValueOrDefault(e.Key, -1);
        foreach (var k in referenced.Distinct(StringComparer.Ordinal))
        {
            if (k != e.Key && order.TryGetValue(k, out var at) && at > self)
            {
                diagnostics.Warning(e.Location, DiagnosticCodes.SubstitutionOrder, e.Key,
                    $"${{{k}}} names a key that Java Flume 1.11 substitutes after this one (it goes through the keys in HashMap order), so Flume leaves '${{{k}}}' in the value as written; this agent resolves it",
                    $"to run the same on both, write the value itself or use ${{env:…}}");
            }
        }
    }

    private static string ResolveOne(
        PropertyEntry e, StringSubstitutor substitutor, FlumeVariableLookup lookup, DiagnosticBag diagnostics)
    {
        lookup.Unsupported.Clear();
        string value;
        try
        {
            value = substitutor.Replace(e.Value);
        }
        catch (SubstitutionCycleException ex)
        {
            // Flume only sees keys it substituted before, so it never loops: the reference stays as written.
            diagnostics.Warning(e.Location, DiagnosticCodes.SubstitutionCycle, e.Key,
                ex.Message + "; Flume keeps the text as written and runs, and so does this agent", "break the cycle");
            return e.Value;
        }
        catch (SubstitutionDepthException ex)
        {
            diagnostics.Error(e.Location, DiagnosticCodes.SubstitutionTooDeep, e.Key, ex.Message + "; the value is kept as written",
                "write the value with fewer levels of ${…}");
            return e.Value;
        }
        foreach (var name in lookup.Unsupported)
        {
            diagnostics.Warning(e.Location, DiagnosticCodes.NotSupported, e.Key,
                $"${{{name}}} reads a JVM property; this agent has no JVM and leaves it as written",
                "write the value itself");
        }
        foreach (var name in substitutor.Unresolved)
        {
            if (FilterReference().IsMatch(name) || name.StartsWith("java:", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            diagnostics.Warning(e.Location, DiagnosticCodes.UnresolvedVariable, e.Key,
                $"${{{name}}} is not defined, so the value keeps the text '${{{name}}}' (as in Flume)",
                HintFor(name));
        }
        return value;
    }

    private static string HintFor(string name)
    {
        if (name.StartsWith("env:", StringComparison.OrdinalIgnoreCase))
        {
            return $"set the environment variable {name[4..]}, or give a default: ${{{name}:-value}}";
        }
        if (name.StartsWith("sys:", StringComparison.OrdinalIgnoreCase))
        {
            return $"pass -D{name[4..]}=value, or give a default: ${{{name}:-value}}";
        }
        return $"to read an environment variable write ${{env:{name}}}; to keep the text literally write $${{{name}}}";
    }

    // ${f1['key']}-style config-filter references pass through substitution untouched (§3.9).
    [GeneratedRegex(@"^\w+\[.*\]$")]
    private static partial Regex FilterReference();
}
