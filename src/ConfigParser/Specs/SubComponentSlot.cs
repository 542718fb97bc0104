namespace FlumeNet.ConfigParser.Specs;

/// <summary>
/// A nested component chosen by one key of its parent, configured by the keys under a prefix: a sink's
/// <c>serializer</c> + <c>serializer.*</c>, a source's <c>selector.type</c> + <c>selector.*</c>,
/// a sink group's <c>processor.type</c> + <c>processor.*</c>.
/// </summary>
public sealed record SubComponentSlot(string TypeKey, string Prefix, ComponentKind Kind, string DefaultType)
{
    /// <summary>
    /// Flume only stores the type name in configure and loads the class later (file_roll at start, hdfs when a file
    /// opens): an unknown class keeps the parent, which fails there. The text names when ("its start").
    /// </summary>
    public string? LoadedAtStart { get; init; }
}
