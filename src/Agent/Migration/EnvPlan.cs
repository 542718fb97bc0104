namespace FlumeNet.Agent.Migration;

public enum EnvItemKind
{
    /// <summary>Written to flumenet.env as a variable.</summary>
    Carried,
    /// <summary>A <c>-D</c> flag that means the same to FlumeNet: to be passed on its command line.</summary>
    Flag,
    /// <summary>JVM heap, GC and runtime settings: .NET needs none of them.</summary>
    NotNeeded,
    /// <summary>Java-only (classpath, agents, JMX): no FlumeNet equivalent.</summary>
    NotApplicable,
    /// <summary>A credential: its name is listed, its value is never copied.</summary>
    Secret,
}

/// <summary>One finding about flume-env.sh (or another input that contributes to flumenet.env). <see cref="Line"/> 0: no single line.</summary>
public sealed record EnvItem(EnvItemKind Kind, string Subject, string Why, int Line);

/// <summary>A variable flumenet.env lists without a value, because the value is a secret the user must supply.</summary>
public sealed record SecretVariable(string Name, string Meaning);

/// <summary>What flume-env.sh meant, translated: the variables and flags to keep, and what is dropped and why.</summary>
public sealed class EnvPlan
{
    public string? SourceFile { get; init; }

    public List<EnvItem> Items { get; } = [];

    /// <summary>Variables for flumenet.env (and for the environment the migration's <c>--check</c> sees).</summary>
    public List<KeyValuePair<string, string>> Variables { get; } = [];

    /// <summary><c>-Dkey=value</c> flags to pass to <c>bin/flume-ng agent</c>, in order.</summary>
    public List<KeyValuePair<string, string>> Flags { get; } = [];

    public List<SecretVariable> Secrets { get; } = [];

    /// <summary>The <c>-Xmx</c> of JAVA_OPTS in bytes: Flume's memory channels default their byteCapacity to 80 % of it.</summary>
    public long? MaxHeapBytes { get; set; }

    public IReadOnlyList<int> SkippedLines { get; init; } = [];

    public bool IsEmpty => SourceFile is null && Variables.Count == 0 && Flags.Count == 0 && Secrets.Count == 0;

    public Dictionary<string, string> SystemProperties()
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in Flags)
        {
            d[k] = v;
        }
        return d;
    }

    public void AddFlag(string key, string value, string why, int line)
    {
        Flags.RemoveAll(f => f.Key == key);
        Flags.Add(new(key, value));
        Items.Add(new EnvItem(EnvItemKind.Flag, $"-D{key}={value}", why, line));
    }

    public void AddVariable(string name, string value, string why, int line)
    {
        Variables.RemoveAll(v => v.Key == name);
        Variables.Add(new(name, value));
        Items.Add(new EnvItem(EnvItemKind.Carried, $"{name}={value}", why, line));
    }
}
