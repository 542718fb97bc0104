namespace FlumeNet.ConfigParser.Model;

/// <summary>The five agent-level lists of a Flume config (<c>a1.sources</c>, <c>a1.channels</c>, …).</summary>
public enum SectionKind
{
    Sources,
    Channels,
    Sinks,
    SinkGroups,
    ConfigFilters,
}

public static class SectionKinds
{
    public static readonly SectionKind[] All =
        [SectionKind.ConfigFilters, SectionKind.Channels, SectionKind.Sources, SectionKind.Sinks, SectionKind.SinkGroups];

    /// <summary>The config key of the list, as Flume spells it.</summary>
    public static string ListKey(this SectionKind kind) => kind switch
    {
        SectionKind.Sources => "sources",
        SectionKind.Channels => "channels",
        SectionKind.Sinks => "sinks",
        SectionKind.SinkGroups => "sinkgroups",
        _ => "configfilters",
    };

    public static string Singular(this SectionKind kind) => kind switch
    {
        SectionKind.Sources => "source",
        SectionKind.Channels => "channel",
        SectionKind.Sinks => "sink",
        SectionKind.SinkGroups => "sink group",
        _ => "config filter",
    };

    public static bool TryParse(string listKey, out SectionKind kind)
    {
        foreach (var k in All)
        {
            if (k.ListKey() == listKey)
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }
}
