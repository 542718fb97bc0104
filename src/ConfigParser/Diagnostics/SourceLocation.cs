namespace FlumeNet.ConfigParser.Diagnostics;

/// <summary>Where a property came from. Line 0 means "the file as a whole" (no single line to blame).</summary>
public readonly record struct SourceLocation(string File, int Line)
{
    public static readonly SourceLocation None = new(string.Empty, 0);

    public override string ToString() => Line > 0 ? $"{File}:{Line}" : File;
}
