using FlumeNet.Tools.WebHdfsEmulator.Protocol;

namespace FlumeNet.Tools.WebHdfsEmulator.Faults;

/// <summary>
/// Makes the next <see cref="Count"/> matching requests fail in a chosen way. A request matches when its op equals
/// <see cref="Op"/> ("*" for any), its path contains <see cref="Path"/> (null for any) and it hits the rule's role.
/// </summary>
public sealed record FaultRule
{
    /// <summary>CREATE, APPEND, RENAME, ... or "*"; case-insensitive.</summary>
    public string Op { get; init; } = "*";

    /// <summary>Substring of the HDFS path; null matches every path.</summary>
    public string? Path { get; init; }

    public required FaultKind Kind { get; init; }

    /// <summary>Status for <see cref="FaultKind.Status"/>.</summary>
    public int Status { get; init; } = 500;

    /// <summary>How many matching requests the rule acts on before it is used up.</summary>
    public int Count { get; init; } = 1;

    /// <summary>Wait before the fault takes effect (for <see cref="FaultKind.Slow"/>: before serving normally).</summary>
    public int DelayMs { get; init; }

    /// <summary>
    /// Which role the rule hits. Null means: the DataNode (data step) for lease, recovery, reset and partial faults
    /// on CREATE, APPEND, OPEN or "*", otherwise the NameNode.
    /// </summary>
    public NodeRole? Role { get; init; }

    /// <summary>Exception class (simple or fully qualified) for status faults; default follows the status.</summary>
    public string? Exception { get; init; }

    /// <summary>Message for status faults.</summary>
    public string? Message { get; init; }

    /// <summary>The role this rule applies to once defaults are resolved.</summary>
    public NodeRole EffectiveRole => Role ?? (Kind is FaultKind.Lease or FaultKind.Recovery or FaultKind.Reset or FaultKind.Partial
        && (Op == "*" || Op.Equals("CREATE", StringComparison.OrdinalIgnoreCase) || Op.Equals("APPEND", StringComparison.OrdinalIgnoreCase)
            || Op.Equals("OPEN", StringComparison.OrdinalIgnoreCase))
        ? NodeRole.DataNode
        : NodeRole.NameNode);
}
