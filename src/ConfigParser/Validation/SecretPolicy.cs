using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.ConfigParser.Validation;

/// <summary>
/// Decides whether a full key holds a secret: the spec of the option it sets (found through the component's type,
/// nested selectors, interceptors, serializers and processors) decides; keys no spec knows fall back to
/// <see cref="SecretKeys.LooksSecret"/>; values filled in by a config filter are always secret.
/// </summary>
public sealed class SecretPolicy
{
    private readonly FlumeConfig _config;
    private readonly IComponentCatalog _catalog;

    public SecretPolicy(FlumeConfig config, IComponentCatalog catalog)
    {
        _config = config;
        _catalog = catalog;
    }

    public bool IsSecret(string fullKey)
    {
        var parts = fullKey.Split('.', 4);
        if (parts.Length < 4 || !SectionKinds.TryParse(parts[1], out var section))
        {
            return SecretKeys.LooksSecret(fullKey);
        }
        var component = _config.Agent(parts[0])?.Component(section, parts[2]);
        var key = parts[3];
        if (component?.Find(key) is { Filtered: true })
        {
            return true;
        }
        var option = component is null ? null : FindOption(section, component, key);
        return IsSecret(option, key);
    }

    /// <summary>
    /// A known option: its flag. A key under a pass-through prefix (<c>kafka.producer.</c>, <c>sysprop.</c>) or no
    /// option at all: secret when its own name looks like a credential (<c>kafka.producer.sasl.jaas.config</c>), since the
    /// prefix's flag cannot know what is passed through it.
    /// </summary>
    public static bool IsSecret(OptionSpec? option, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (option is { Secret: true })
        {
            return true;
        }
        if (option is { IsPrefix: true })
        {
            // "sasl" alone marks Kafka's sasl.mechanism or sasl.kerberos.service.name, which are settings, not secrets;
            // sasl.jaas.config is caught by "jaas".
            var passed = key.StartsWith(option.Key, StringComparison.Ordinal) ? key[option.Key.Length..] : key;
            return SecretKeys.LooksSecret(passed.Replace("sasl", string.Empty, StringComparison.OrdinalIgnoreCase));
        }
        return option is null && SecretKeys.LooksSecret(key);
    }

    private OptionSpec? FindOption(SectionKind section, ComponentConfig c, string key)
    {
        switch (section)
        {
            case SectionKind.Sources when key.StartsWith("selector.", StringComparison.Ordinal):
                return Sub(ComponentKind.ChannelSelector, c.Get("selector.type") ?? "replicating", key["selector.".Length..]);
            case SectionKind.Sources when key.StartsWith("interceptors.", StringComparison.Ordinal):
                var rest = key["interceptors.".Length..];
                var dot = rest.IndexOf('.', StringComparison.Ordinal);
                return dot < 0 ? null : Sub(ComponentKind.Interceptor, c.Get($"interceptors.{rest[..dot]}.type"), rest[(dot + 1)..]);
            case SectionKind.SinkGroups when key.StartsWith("processor.", StringComparison.Ordinal):
                return Sub(ComponentKind.SinkProcessor, c.Get("processor.type") ?? "default", key["processor.".Length..]);
            default:
                break;
        }
        var kind = section switch
        {
            SectionKind.Sources => ComponentKind.Source,
            SectionKind.Channels => ComponentKind.Channel,
            SectionKind.Sinks => ComponentKind.Sink,
            SectionKind.ConfigFilters => ComponentKind.ConfigFilter,
            _ => (ComponentKind?)null,
        };
        if (kind is null || c.Type is not { } type || _catalog.Resolve(kind.Value, type)?.Spec is not { } spec)
        {
            return null;
        }
        foreach (var slot in spec.Slots)
        {
            if (key.StartsWith(slot.Prefix, StringComparison.Ordinal))
            {
                return Sub(slot.Kind, c.Get(slot.TypeKey) ?? slot.DefaultType, key[slot.Prefix.Length..]);
            }
        }
        return spec.FindOption(key) ?? NearestSecret(spec, key);
    }

    // A misspelt secret key (accesKey) is still a secret: treat an unknown key like its nearest secret option.
    private static OptionSpec? NearestSecret(ComponentSpec spec, string key)
    {
        var secrets = new List<string>();
        foreach (var o in spec.Options)
        {
            if (o.Secret)
            {
                secrets.Add(o.Key);
            }
        }
        var near = NameSuggester.Nearest(key, secrets, ignoreCase: true);
        return near is null ? null : spec.FindOption(near);
    }

    private OptionSpec? Sub(ComponentKind kind, string? type, string key) =>
        type is null ? null : _catalog.Resolve(kind, type)?.Spec.FindOption(key);
}
