using FlumeNet.ConfigParser.Diagnostics;

namespace FlumeNet.ConfigParser.Properties;

/// <summary>One key/value pair as <c>java.util.Properties.load</c> would produce it, with the line its key started on.</summary>
public sealed record PropertyEntry(string Key, string Value, SourceLocation Location);
