using FlumeNet.ConfigParser.Diagnostics;

namespace FlumeNet.ConfigParser.Model;

/// <summary>
/// One property of a component: <see cref="Key"/> relative to the component (<c>hdfs.path</c>), <see cref="FullKey"/> as written.
/// <see cref="Filtered"/> marks a value that a config filter filled in: such values are treated as secrets in every output.
/// </summary>
public sealed record ConfigProperty(string Key, string Value, string FullKey, SourceLocation Location, bool Filtered = false);
