namespace FlumeNet.ConfigParser.Specs;

/// <summary>
/// One option of a component, declared once: the exact Flume key (relative to the component, e.g. <c>hdfs.rollInterval</c>),
/// its type, default, constraints, a one-line description and whether its value is secret. This single declaration drives
/// binding, <c>--check</c>, unknown-key suggestions, redaction and the generated reference.
/// </summary>
public sealed record OptionSpec(string Key, OptionType Type, string Description)
{
    /// <summary>The default as Flume documents it (display text; null when there is none).</summary>
    public string? Default { get; init; }

    public bool Required { get; init; }

    /// <summary>The value is a credential: shown as <c>***</c> in every output.</summary>
    public bool Secret { get; init; }

    /// <summary>For <see cref="OptionType.Enum"/>: the accepted values.</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>Choices match case-sensitively (e.g. <c>hdfs.writeFormat</c>); most Flume enums do not.</summary>
    public bool ChoicesCaseSensitive { get; init; }

    /// <summary>The value may also be a Java class name (a custom implementation), which this agent cannot load.</summary>
    public bool AcceptsClassName { get; init; }

    /// <summary>Inclusive lower bound for numbers.</summary>
    public long? Min { get; init; }

    /// <summary>Inclusive upper bound for numbers.</summary>
    public long? Max { get; init; }

    /// <summary>The key is a prefix (ends with '.'): any key under it is accepted, e.g. <c>kafka.consumer.</c>.</summary>
    public bool IsPrefix => Key.EndsWith('.');

    /// <summary>Recognised, but this agent ignores it; the text says why (e.g. "JVM-only", "Kerberos is not supported over WebHDFS yet").</summary>
    public string? IgnoredBecause { get; init; }

    /// <summary>Ignoring the key would change the data delivered (e.g. a server-side filter): an error, not a warning.</summary>
    public bool IgnoringChangesData { get; init; }

    /// <summary>
    /// Values Flume accepts but this agent cannot honour (an Avro codec it cannot write), each with why: an error, as
    /// running without them would write different data.
    /// </summary>
    public IReadOnlyDictionary<string, string>? RefusedValues { get; init; }

    /// <summary>Deprecated in Flume; the text names the replacement.</summary>
    public string? DeprecatedBy { get; init; }

    /// <summary>Legacy keys that Flume translates into this one: any of them present meets <see cref="Required"/>.</summary>
    /// <summary>
    /// Flume reads this option only when another option has one of some values (<c>hdfs.writeFormat</c> only for a
    /// SequenceFile); otherwise its value is never looked at, so it is not checked.
    /// </summary>
    public OptionCondition? OnlyReadWhen { get; init; }

    public IReadOnlyList<string>? AlsoSatisfiedBy { get; init; }

    /// <summary>
    /// Flume catches a value it cannot parse and runs with <see cref="Default"/> instead of failing (avro sink
    /// <c>batch-size</c>, failover <c>maxpenalty</c>, …). An unparsable value is still an error: the file says something else.
    /// </summary>
    public bool FallsBackOnBadValue { get; init; }

    /// <summary>With <see cref="IgnoredBecause"/>: Flume never even reads the value, so nothing about it is checked.</summary>
    public bool NeverRead { get; init; }

    /// <summary>
    /// Flume reads the value in configure but only uses (and checks) it when the component starts: a bad value keeps the
    /// component, whose start then fails and is retried. The text says what fails (e.g. "binding the port").
    /// </summary>
    public string? CheckedAtStart { get; init; }

    /// <summary>
    /// A check of the value that the spec's owner supplies (e.g. a Java regex that must compile): returns what is wrong,
    /// or null. A problem drops the component, unless <see cref="CheckedAtStart"/> says Flume finds it only at start.
    /// </summary>
    public Func<string, string?>? Validate { get; init; }
}

/// <summary>Another option of the same component, its default, and the values (matched case-insensitively) that make a condition hold.</summary>
public sealed record OptionCondition(string Key, string? Default, IReadOnlyList<string> Values)
{
    public bool Holds(string? value)
    {
        var v = (value ?? Default)?.Trim();
        foreach (var candidate in Values)
        {
            if (string.Equals(candidate, v, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
