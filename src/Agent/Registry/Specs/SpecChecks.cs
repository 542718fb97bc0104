using System.Text.RegularExpressions;
using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.Agent.Registry.Specs;

/// <summary>Value checks the config parser cannot make itself (it knows no Java regex): set as <c>OptionSpec.Validate</c>.</summary>
internal static class SpecChecks
{
    /// <summary>What is wrong with a <c>java.util.regex</c> pattern, or null when it compiles (as this agent runs it).</summary>
    public static string? JavaRegexProblem(string pattern)
    {
        try
        {
            _ = new Regex(JavaRegex.Translate(pattern).Pattern, RegexOptions.CultureInvariant);
            return null;
        }
        catch (ArgumentException ex)
        {
            return $"'{pattern}' is not a valid Java regex ({FirstLine(ex.Message)})";
        }
    }

    /// <summary>TAILDIR: the file-name part of a group's path (after the last '/') is a Java regex.</summary>
    public static string? FileNameRegexProblem(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        return name.Length == 0 ? null : JavaRegexProblem(name) is { } problem ? $"the file-name part of the path: {problem}" : null;
    }

    private static string FirstLine(string message)
    {
        var nl = message.IndexOf('\n', StringComparison.Ordinal);
        return (nl < 0 ? message : message[..nl]).TrimEnd('.');
    }
}
