using FlumeNet.ConfigParser.Diagnostics;

namespace FlumeNet.ConfigParser.Substitution;

/// <summary>A property after <c>${…}</c> substitution; <see cref="RawValue"/> is what the file said.</summary>
public sealed record ResolvedProperty(string Key, string RawValue, string Value, SourceLocation Location);
