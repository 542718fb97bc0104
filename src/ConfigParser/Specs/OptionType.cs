namespace FlumeNet.ConfigParser.Specs;

/// <summary>How a value is parsed, with Flume's <c>Context</c> rules (numbers parsed after trim, booleans true only for "true").</summary>
public enum OptionType
{
    String,
    Int,
    Long,
    Double,
    Bool,
    /// <summary>One of <see cref="OptionSpec.Choices"/>; see <see cref="OptionSpec.AcceptsClassName"/>.</summary>
    Enum,
    /// <summary>A whitespace-separated list of names.</summary>
    List,
    /// <summary>A local file or directory path.</summary>
    Path,
}
