namespace FlumeNet.Agent.Tests.Support;

/// <summary>A test that runs a system tool (gzip, bzip2) as an independent oracle; skipped when the tool is not installed.</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        if (!path.Split(':').Any(dir => File.Exists(Path.Combine(dir, tool))))
        {
            Skip = $"{tool} is not installed";
        }
    }
}
