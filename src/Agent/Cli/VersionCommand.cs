using System.Reflection;

namespace FlumeNet.Agent.Cli;

/// <summary><c>flume-ng version</c>: five lines shaped like Flume's VersionInfo.</summary>
public static class VersionCommand
{
    public const string FlumeCompatibility = "1.11.0";

    /// <summary>FlumeNet's own version, without the source revision.</summary>
    public static string ProductVersion
    {
        get
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? version : version[..plus];
        }
    }

    /// <summary>"native" for the NativeAOT program (no JIT, no plugins), "JIT" for the framework build.</summary>
    public static string BuildKind => System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported ? "JIT" : "native";

    public static int Run(TextWriter stdout)
    {
        var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        var revision = plus < 0 ? "unknown" : version[(plus + 1)..];
        stdout.WriteLine($"Flume {FlumeCompatibility} (FlumeNet {(plus < 0 ? version : version[..plus])})");
        stdout.WriteLine("Source code repository: FlumeNet");
        stdout.WriteLine($"Revision: {revision}");
        stdout.WriteLine($"Compiled by flumenet on .NET {Environment.Version} ({BuildKind})");
        stdout.WriteLine("From source with checksum -");
        return 0;
    }
}
