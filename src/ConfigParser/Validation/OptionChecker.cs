using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.ConfigParser.Validation;

/// <summary>
/// Checks the properties of one component (or nested component) against its spec: unknown keys, value types, ranges,
/// choices, required keys, ignored and deprecated keys. Values of secret options never appear in a message.
/// </summary>
public static class OptionChecker
{
    /// <param name="properties">The component's properties, keys relative to <paramref name="spec"/>.</param>
    /// <param name="displayPrefix">The full-key prefix of those keys, for messages (<c>a1.sinks.k1.serializer.</c>).</param>
    /// <param name="implicitKeys">Keys the validator handles itself (type, channels, selector.*, …); prefixes end with '.'.</param>
    /// <param name="subject">How messages name the component: <c>sink 'k1'</c>.</param>
    /// <param name="fallsBackOnBadNumber">Flume's memory channel catches bad numbers and uses its defaults.</param>
    /// <returns>False when Flume would fail to configure the component and drop it.</returns>
    public static bool Check(
        IReadOnlyList<ConfigProperty> properties,
        ComponentSpec spec,
        string displayPrefix,
        IReadOnlyCollection<string> implicitKeys,
        string subject,
        SourceLocation componentLocation,
        DiagnosticBag d,
        bool fallsBackOnBadNumber = false)
    {
        var ok = true;
        foreach (var p in properties)
        {
            if (IsImplicit(p.Key, implicitKeys))
            {
                continue;
            }
            var option = spec.FindOption(p.Key);
            if (option is null)
            {
                d.Warning(p.Location, DiagnosticCodes.UnknownKey, p.FullKey,
                    $"{spec.DisplayName} has no option '{p.Key}'; Flume ignores it", UnknownKeyHint(p.Key, spec, implicitKeys));
                continue;
            }
            if (option.IgnoredBecause is { } why && option.IgnoringChangesData)
            {
                d.Error(p.Location, DiagnosticCodes.Ignored, p.FullKey, $"this agent ignores it, so the data delivered would differ: {why}",
                    $"remove {p.FullKey} to run without it");
                ok = false;
            }
            else if (option.IgnoredBecause is { } ignored)
            {
                d.Warning(p.Location, DiagnosticCodes.Ignored, p.FullKey, $"this agent ignores it: {ignored}");
                if (option.NeverRead)
                {
                    continue;
                }
            }
            if (option.DeprecatedBy is { } by)
            {
                d.Warning(p.Location, DiagnosticCodes.Ignored, p.FullKey, $"deprecated in Flume: {by}");
            }
            if (option.OnlyReadWhen is { } when && !when.Holds(Find(properties, when.Key)))
            {
                continue;
            }
            if (option.RefusedValues is { } refused && refused.TryGetValue(p.Value.Trim(), out var reason))
            {
                d.Error(p.Location, DiagnosticCodes.NotSupported, p.FullKey, $"'{p.Value.Trim()}' is not supported by this agent: {reason}");
                ok = false;
                continue;
            }
            ok &= CheckValue(p, option, subject, d, fallsBackOnBadNumber);
        }
        foreach (var option in spec.Options)
        {
            if (option.Required && !option.IsPrefix && !Has(properties, option.Key)
                && !(option.AlsoSatisfiedBy?.Any(k => Has(properties, k)) ?? false))
            {
                d.Error(componentLocation, DiagnosticCodes.MissingRequired, displayPrefix + option.Key,
                    $"{subject} needs '{option.Key}' ({option.Description}); Flume fails to configure it and drops it",
                    $"add {displayPrefix}{option.Key} = …");
                ok = false;
            }
        }
        return ok;
    }

    private static bool CheckValue(ConfigProperty p, OptionSpec option, string subject, DiagnosticBag d, bool fallsBack)
    {
        var shown = SecretPolicy.IsSecret(option, p.Key) || p.Filtered ? SecretKeys.Mask : p.Value;
        string? problem = null;
        var unparsable = false;
        var drops = true;
        switch (option.Type)
        {
            case OptionType.Int:
                if (!OptionValues.TryParseInt(p.Value, out var i))
                {
                    problem = $"'{shown}' is not a whole number (32-bit)";
                    unparsable = true;
                }
                else
                {
                    problem = RangeProblem(i, option);
                }
                break;
            case OptionType.Long:
                if (!OptionValues.TryParseLong(p.Value, out var l))
                {
                    problem = $"'{shown}' is not a whole number";
                    unparsable = true;
                }
                else
                {
                    problem = RangeProblem(l, option);
                }
                break;
            case OptionType.Double:
                if (!OptionValues.TryParseDouble(p.Value, out _))
                {
                    problem = $"'{shown}' is not a number";
                    unparsable = true;
                }
                break;
            case OptionType.Bool:
                if (!OptionValues.IsBoolText(p.Value))
                {
                    d.Warning(p.Location, DiagnosticCodes.BadValue, p.FullKey,
                        $"'{shown}' is not true or false; Flume reads anything but 'true' as false", "write true or false");
                }
                return true;
            case OptionType.Enum:
                return CheckChoice(p, option, shown, subject, d);
            default:
                break;
        }
        var custom = false;
        if (problem is null && !unparsable && option.Validate is { } validate)
        {
            problem = validate(p.Value);
            custom = problem is not null;
        }
        if (problem is null)
        {
            return true;
        }
        fallsBack |= option.FallsBackOnBadValue;
        if (option.CheckedAtStart is { } atStart && !unparsable)
        {
            return AtStart(p, problem, atStart, subject, d, custom ? null : Bounds(option));
        }
        var hint = Properties.TrailingComment.Start(p.Value) >= 0 && !option.Secret && !p.Filtered
            ? Properties.TrailingComment.Hint(p.Value)
            : custom ? null : Bounds(option);
        var fallback = option.Default is null ? "its default" : $"the default {option.Default}";
        if (fallsBack && unparsable)
        {
            // The agent runs, but not with what the file says: that is worth an error, not a shrug.
            d.Error(p.Location, DiagnosticCodes.BadValue, p.FullKey,
                $"{problem}; Flume ignores it and runs {subject} with {fallback}, not with what the file says", hint);
            drops = false;
        }
        else if (fallsBack)
        {
            d.Warning(p.Location, DiagnosticCodes.BadValue, p.FullKey,
                $"{problem}; Flume ignores it and uses {fallback}", hint);
            drops = false;
        }
        else
        {
            d.Error(p.Location, DiagnosticCodes.BadValue, p.FullKey,
                $"{problem}; Flume fails to configure {subject} and drops it", hint);
        }
        return !drops;
    }

    private static bool CheckChoice(ConfigProperty p, OptionSpec option, string shown, string subject, DiagnosticBag d)
    {
        var choices = option.Choices ?? [];
        var cmp = option.ChoicesCaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        foreach (var c in choices)
        {
            if (string.Equals(c, p.Value, cmp))
            {
                return true;
            }
        }
        if (option.AcceptsClassName && p.Value.Contains('.', StringComparison.Ordinal))
        {
            // Flume loads the class by name (Class.forName) in configure: a class that is not there drops the component.
            d.Error(p.Location, DiagnosticCodes.UnknownType, p.FullKey,
                $"unknown {option.Key} type '{shown}'; Flume cannot load it and drops {subject}",
                $"FlumeNet cannot load Java classes; the built-in ones are {string.Join(", ", choices)}, or port the component as a .NET plugin (see samples/LineEtlPlugin)");
            return false;
        }
        var near = NameSuggester.Nearest(p.Value, choices, ignoreCase: true);
        if (option.CheckedAtStart is { } atStart)
        {
            return AtStart(p, $"'{shown}' is not one of {string.Join(", ", choices)}", atStart, subject, d,
                near is null ? null : $"did you mean '{near}'?");
        }
        d.Error(p.Location, DiagnosticCodes.BadValue, p.FullKey,
            $"'{shown}' is not one of {string.Join(", ", choices)}; Flume fails to configure {subject}",
            Properties.TrailingComment.Start(p.Value) >= 0 && !option.Secret ? Properties.TrailingComment.Hint(p.Value)
            : near is null ? null : $"did you mean '{near}'?");
        return false;
    }

    // Flume keeps the component and its lifecycle supervisor retries the start, which fails the same way every time.
    // This agent refuses it up front (false: not started), so the diagnostic names both.
    private static bool AtStart(ConfigProperty p, string problem, string atStart, string subject, DiagnosticBag d, string? hint)
    {
        d.Error(p.Location, DiagnosticCodes.BadValue, p.FullKey,
            $"{problem}; Flume keeps {subject} but {atStart} fails at every start (retried every few seconds); this agent does not start it either",
            hint);
        return false;
    }

    private static string? RangeProblem(long value, OptionSpec option)
    {
        if (option.Min is { } min && value < min)
        {
            return $"{value} is below the minimum {min}";
        }
        if (option.Max is { } max && value > max)
        {
            return $"{value} is above the maximum {max}";
        }
        return null;
    }

    private static string? Bounds(OptionSpec option) => (option.Min, option.Max) switch
    {
        ({ } min, { } max) => $"expected {option.Type.ToString().ToLowerInvariant()} from {min} to {max}",
        ({ } min, null) => $"expected {option.Type.ToString().ToLowerInvariant()} ≥ {min}",
        _ => $"expected {option.Type.ToString().ToLowerInvariant()}" + (option.Default is null ? string.Empty : $", default {option.Default}"),
    };

    // The last one wins, as in Properties.
    private static string? Find(IReadOnlyList<ConfigProperty> properties, string key)
    {
        string? found = null;
        foreach (var p in properties)
        {
            if (p.Key == key)
            {
                found = p.Value;
            }
        }
        return found;
    }

    private static bool Has(IReadOnlyList<ConfigProperty> properties, string key)
    {
        foreach (var p in properties)
        {
            if (p.Key == key)
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsImplicit(string key, IReadOnlyCollection<string> implicitKeys)
    {
        foreach (var k in implicitKeys)
        {
            if (k.EndsWith('.') ? key.StartsWith(k, StringComparison.Ordinal) : key == k)
            {
                return true;
            }
        }
        return false;
    }

    private static string? UnknownKeyHint(string key, ComponentSpec spec, IReadOnlyCollection<string> implicitKeys)
    {
        var candidates = new List<string>();
        foreach (var o in spec.Options)
        {
            candidates.Add(o.Key);
        }
        foreach (var k in implicitKeys)
        {
            if (!k.EndsWith('.'))
            {
                candidates.Add(k);
            }
        }
        if (spec.Options.Any(o => o.IsPrefix && o.Key == key + "."))
        {
            return $"{spec.DisplayName} reads only {key}.<…> keys; a bare {key} is never looked at";
        }
        if (KafkaClientKeyHint(key, spec) is { } kafka)
        {
            return kafka;
        }
        var near = NameSuggester.Nearest(key, candidates) ?? NameSuggester.Nearest(key, candidates, ignoreCase: true);
        return near is null ? $"see `flume-ng help {spec.DisplayName}` for its options" : $"did you mean '{near}'?";
    }

    // Keys of the Java Kafka client put directly under the component: Flume passes only kafka.producer.* /
    // kafka.consumer.* (and kafka.bootstrap.servers, kafka.topic…) to the client.
    private static readonly string[] KafkaClientKeys =
    [
        "acks", "bootstrap.servers", "linger.ms", "batch.size", "compression.type", "retries", "client.id", "buffer.memory",
        "max.request.size", "request.timeout.ms", "max.in.flight.requests.per.connection", "enable.idempotence",
        "key.serializer", "value.serializer", "key.deserializer", "value.deserializer", "group.id", "auto.offset.reset",
        "enable.auto.commit", "session.timeout.ms", "max.poll.records", "fetch.min.bytes", "client.dns.lookup",
        "security.protocol", "delivery.timeout.ms", "heartbeat.interval.ms", "max.poll.interval.ms",
    ];

    private static string? KafkaClientKeyHint(string key, ComponentSpec spec)
    {
        var client = spec.FindOption("kafka.producer.x") is { IsPrefix: true } ? "kafka.producer."
            : spec.FindOption("kafka.consumer.x") is { IsPrefix: true } ? "kafka.consumer." : null;
        if (client is null || key.StartsWith("kafka.", StringComparison.Ordinal))
        {
            return null;
        }
        if (key == "bootstrap.servers" || key == "topic" && spec.FindOption("kafka.topic") is not null)
        {
            return $"a Kafka client key: Flume reads it as kafka.{key}";
        }
        if (IsKafkaClientKey(key))
        {
            return $"a Kafka client key: Flume passes it to the Kafka client only as {client}{key}";
        }
        return null;
    }

    public static bool IsKafkaClientKey(string key) =>
        KafkaClientKeys.Contains(key) || key.StartsWith("sasl.", StringComparison.Ordinal) || key.StartsWith("ssl.", StringComparison.Ordinal);
}
