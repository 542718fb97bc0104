using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Substitution;
using FlumeNet.ConfigParser.Validation;

namespace FlumeNet.ConfigParser.Model;

/// <summary>
/// Flume's raw-property intake (FlumeConfiguration.addRawProperty, reference §3.1–3.2): trim, split
/// <c>agent.configKey</c>, file each property under its agent list or component. What Flume ignores is reported here.
/// </summary>
public static class ConfigIntake
{
    private static readonly string[] ListKeys = ["sources", "channels", "sinks", "sinkgroups", "configfilters"];

    public static FlumeConfig Build(IReadOnlyList<ResolvedProperty> properties, DiagnosticBag diagnostics)
    {
        var config = new FlumeConfig();
        foreach (var p in properties)
        {
            Add(config, p, diagnostics);
        }
        return config;
    }

    private static void Add(FlumeConfig config, ResolvedProperty p, DiagnosticBag diagnostics)
    {
        var key = p.Key.Trim();
        var value = p.Value.Trim();
        if (value.Length == 0)
        {
            diagnostics.Warning(p.Location, DiagnosticCodes.PropertyValueNull, key,
                "the value is empty; Flume ignores this property", "give a value or delete the line");
            return;
        }
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            diagnostics.Warning(p.Location, DiagnosticCodes.AgentNameMissing, key,
                "not an agent property (no '<agent>.' prefix); Flume ignores it",
                "Flume keys look like a1.sources.r1.type");
            return;
        }
        var agentName = key[..dot];
        var configKey = key[(dot + 1)..];
        if (configKey.Length == 0)
        {
            diagnostics.Warning(p.Location, DiagnosticCodes.PropertyNameNull, key,
                "nothing follows the agent name; Flume ignores this property");
            return;
        }
        var agent = config.GetOrAdd(agentName, p.Location);
        if (SectionKinds.TryParse(configKey, out var listKind))
        {
            if (agent.List(listKind) is { } existing)
            {
                diagnostics.Warning(p.Location, DiagnosticCodes.DuplicateProperty, key,
                    $"the {configKey} list is already set at {existing.Location}; Flume keeps only one of them");
                return;
            }
            agent.SetList(listKind, NameList.Parse(key, value, p.Location));
            return;
        }
        var dot2 = configKey.IndexOf('.', StringComparison.Ordinal);
        var dot3 = dot2 < 0 ? -1 : configKey.IndexOf('.', dot2 + 1);
        if (dot2 > 0 && dot3 > dot2 + 1 && dot3 < configKey.Length - 1
            && SectionKinds.TryParse(configKey[..dot2], out var kind))
        {
            var name = configKey[(dot2 + 1)..dot3];
            var sub = configKey[(dot3 + 1)..];
            agent.GetOrAddComponent(kind, name).Set(new ConfigProperty(sub, value, key, p.Location));
            return;
        }
        diagnostics.Error(p.Location, DiagnosticCodes.InvalidProperty, key,
            $"'{configKey}' is not a Flume agent key; Flume ignores this property", InvalidKeyHint(agentName, configKey));
    }

    private static string InvalidKeyHint(string agent, string configKey)
    {
        var dot = configKey.IndexOf('.', StringComparison.Ordinal);
        var head = dot < 0 ? configKey : configKey[..dot];
        if (SectionKinds.TryParse(head, out _))
        {
            var rest = dot < 0 ? string.Empty : configKey[(dot + 1)..];
            if (head is "sinks" or "sources" or "channels" && OptionChecker.IsKafkaClientKey(rest))
            {
                var client = head == "sources" ? "kafka.consumer." : "kafka.producer.";
                return $"{rest} is a Kafka client key without a component name: write {agent}.{head}.<name>.{client}{rest}";
            }
            return $"write {agent}.{head}.<name>.<key>";
        }
        var near = NameSuggester.Nearest(head, ListKeys, ignoreCase: true);
        return near is null
            ? "agent keys are sources, channels, sinks, sinkgroups, configfilters and <list>.<name>.<key>"
            : $"did you mean {agent}.{near}{(dot < 0 ? string.Empty : configKey[dot..])}?";
    }
}
