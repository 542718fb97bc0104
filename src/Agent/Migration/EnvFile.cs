namespace FlumeNet.Agent.Migration;

/// <summary>One <c>NAME=value</c> of a shell script, the value expanded as far as the script itself defines it.</summary>
public sealed record ShellAssignment(string Name, string Value, int Line, bool Exported);

/// <summary>The variables <c>flume-env.sh</c> sets, in order, and the lines that are not plain assignments.</summary>
public sealed class EnvFile
{
    public EnvFile(string path, IReadOnlyList<ShellAssignment> assignments, IReadOnlyList<int> skippedLines)
    {
        Path = path;
        Assignments = assignments;
        SkippedLines = skippedLines;
    }

    public string Path { get; }

    public IReadOnlyList<ShellAssignment> Assignments { get; }

    /// <summary>Lines holding shell logic (if, functions, commands) that a reader of assignments cannot follow.</summary>
    public IReadOnlyList<int> SkippedLines { get; }

    /// <summary>The last assignment of each variable, in order of that last assignment.</summary>
    public IReadOnlyList<ShellAssignment> Effective()
    {
        var last = new Dictionary<string, ShellAssignment>(StringComparer.Ordinal);
        var exported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in Assignments)
        {
            last[a.Name] = a;
            if (a.Exported)
            {
                exported.Add(a.Name);
            }
        }
        var result = new List<ShellAssignment>();
        foreach (var a in Assignments)
        {
            if (ReferenceEquals(last[a.Name], a))
            {
                result.Add(a with { Exported = exported.Contains(a.Name) });
            }
        }
        return result;
    }

    public ShellAssignment? Find(string name)
    {
        foreach (var a in Effective())
        {
            if (a.Name == name)
            {
                return a;
            }
        }
        return null;
    }
}
