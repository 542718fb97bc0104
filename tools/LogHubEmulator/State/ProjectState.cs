namespace FlumeNet.Tools.LogHubEmulator.State;

/// <summary>A project and its logstores (by name).</summary>
internal sealed class ProjectState
{
    public ProjectState(string name, string description, long createTime)
    {
        Name = name;
        Description = description;
        CreateTime = createTime;
    }

    public string Name { get; }

    public string Description { get; }

    public long CreateTime { get; }

    public SortedDictionary<string, LogstoreState> Logstores { get; } = new(StringComparer.Ordinal);
}
