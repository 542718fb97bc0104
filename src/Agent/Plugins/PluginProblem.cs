namespace FlumeNet.Agent.Plugins;

/// <summary>A plugin folder or assembly that could not be loaded; the agent runs without it, as Flume runs without a missing jar.</summary>
public sealed record PluginProblem(string Plugin, string Path, string Message)
{
    public override string ToString() => $"plugin '{Plugin}' ({Path}) not loaded: {Message}";
}
