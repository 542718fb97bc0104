namespace FlumeNet.ConfigParser.Specs;

/// <summary>
/// A component type as the registry knows it: its Flume aliases (matched case-insensitively), the Java class names that
/// name it in configs (matched exactly), and its options. Keys every source or sink takes (<c>type</c>, <c>channels</c>,
/// <c>channel</c>, <c>selector.*</c>, <c>interceptors*</c>) are implied by the kind and not listed.
/// </summary>
public sealed record ComponentSpec(
    ComponentKind Kind,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> ClassNames,
    string Description,
    IReadOnlyList<OptionSpec> Options)
{
    public SupportLevel Support { get; init; } = SupportLevel.NotYetSupported;

    /// <summary>Where the type comes from: "Flume", "EMR", "aliyun-log-flume".</summary>
    public string Origin { get; init; } = "Flume";

    /// <summary>The option whose value must not exceed the channel's transactionCapacity (Flume's BatchSizeSupported).</summary>
    public string? BatchSizeKey { get; init; }

    /// <summary>
    /// Whether Flume checks <see cref="BatchSizeKey"/> against the channel and drops the component when it is larger;
    /// false for plug-ins that do not implement BatchSizeSupported (Flume keeps them; a warning is given instead).
    /// </summary>
    public bool ChecksBatchSize { get; init; } = true;

    /// <summary>A channel whose transactionCapacity Flume checks batch sizes against (memory, file).</summary>
    public bool HasTransactionCapacity { get; init; }

    public TimestampHeader SetsTimestamp { get; init; } = TimestampHeader.Never;

    public IReadOnlyList<SubComponentSlot> Slots { get; init; } = [];

    /// <summary>The name to show: the first alias, else the simple name of the first class.</summary>
    public string DisplayName => Aliases.Count > 0 ? Aliases[0] : SimpleName(ClassNames[0]);

    public OptionSpec? FindOption(string key)
    {
        OptionSpec? prefixMatch = null;
        foreach (var o in Options)
        {
            if (o.IsPrefix)
            {
                if (key.StartsWith(o.Key, StringComparison.Ordinal) && key.Length > o.Key.Length)
                {
                    prefixMatch ??= o;
                }
            }
            else if (o.Key == key)
            {
                return o;
            }
        }
        return prefixMatch;
    }

    private static string SimpleName(string className)
    {
        var s = className[(className.LastIndexOf('.') + 1)..];
        var dollar = s.IndexOf('$', StringComparison.Ordinal);
        return dollar > 0 ? s[..dollar] : s;
    }
}
