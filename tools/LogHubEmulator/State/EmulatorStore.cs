using System.Text.RegularExpressions;
using FlumeNet.Tools.LogHubEmulator.Protocol;

namespace FlumeNet.Tools.LogHubEmulator.State;

/// <summary>
/// All emulator state behind one lock: projects, logstores, shards with their LogGroups, consumer groups.
/// Every mutation is written through to the optional <see cref="StatePersistence"/>. Errors are thrown as
/// <see cref="LogHubException"/>. This file: lookup, persistence, projects and logstores.
/// </summary>
internal sealed partial class EmulatorStore
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private readonly StatePersistence? _persistence;
    private readonly SortedDictionary<string, ProjectState> _projects = new(StringComparer.Ordinal);
    private string? _defaultProject;

    public EmulatorStore(TimeProvider clock, StatePersistence? persistence, string? defaultProject)
    {
        _clock = clock;
        _persistence = persistence;
        Load();
        _defaultProject = defaultProject ?? _defaultProject;
    }

    public string? DefaultProject
    {
        get
        {
            lock (_gate)
            {
                return _defaultProject;
            }
        }
    }

    private long NowMs => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    private long NowSeconds => _clock.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>The existing project named by the Host header, or the default project when the Host names none.</summary>
    public string ResolveProject(string? projectFromHost)
    {
        lock (_gate)
        {
            var name = projectFromHost ?? _defaultProject;
            return name is not null && _projects.ContainsKey(name) ? name : throw LogHubErrors.ProjectNotExist(name);
        }
    }

    /// <summary>Creates a project; the first one created becomes the default unless one was configured.</summary>
    public void CreateProject(string name, string description, bool ifMissing = false)
    {
        ValidateName(name, "project");
        lock (_gate)
        {
            if (_projects.ContainsKey(name))
            {
                if (ifMissing)
                {
                    return;
                }

                throw LogHubErrors.ProjectAlreadyExist(name);
            }

            _projects[name] = new ProjectState(name, description, NowSeconds);
            _defaultProject ??= name;
            Save();
        }
    }

    public (string Name, string Description, long CreateTime) GetProject(string name)
    {
        lock (_gate)
        {
            var project = Project(name);
            return (project.Name, project.Description, project.CreateTime);
        }
    }

    public void DeleteProject(string name)
    {
        lock (_gate)
        {
            Project(name);
            _projects.Remove(name);
            if (_defaultProject == name)
            {
                _defaultProject = _projects.Keys.FirstOrDefault();
            }

            _persistence?.DeleteProject(name);
            Save();
        }
    }

    public void CreateLogstore(string project, string name, int ttl, int shardCount, bool ifMissing = false)
    {
        ValidateName(name, "logstore");
        if (shardCount is < 1 or > 256)
        {
            throw LogHubErrors.ParameterInvalid($"shardCount {shardCount} must be between 1 and 256");
        }

        lock (_gate)
        {
            var owner = Project(project);
            if (owner.Logstores.ContainsKey(name))
            {
                if (ifMissing)
                {
                    return;
                }

                throw LogHubErrors.LogStoreAlreadyExist(name);
            }

            var logstore = new LogstoreState(name, ttl, NowSeconds);
            var ranges = ShardKeySpace.Divide(shardCount);
            for (var i = 0; i < ranges.Count; i++)
            {
                logstore.Shards[i] = new ShardState(i, ranges[i].Begin, ranges[i].End, logstore.CreateTime, [], ShardState.NewCursorBase());
            }

            _persistence?.DeleteLogstore(project, name);
            owner.Logstores[name] = logstore;
            Save();
        }
    }

    public void DeleteLogstore(string project, string name)
    {
        lock (_gate)
        {
            var owner = Project(project);
            Logstore(project, name);
            owner.Logstores.Remove(name);
            _persistence?.DeleteLogstore(project, name);
            Save();
        }
    }

    public LogstoreInfo GetLogstore(string project, string name)
    {
        lock (_gate)
        {
            var logstore = Logstore(project, name);
            return new LogstoreInfo(logstore.Name, logstore.Ttl, logstore.Shards.Values.Count(s => !s.ReadOnly), logstore.CreateTime, logstore.LastModifyTime);
        }
    }

    /// <summary>Logstore names containing <paramref name="filter"/>, paged; also the total before paging.</summary>
    public (int Total, IReadOnlyList<string> Names) ListLogstores(string project, int offset, int size, string? filter)
    {
        lock (_gate)
        {
            var names = Project(project).Logstores.Keys
                .Where(n => string.IsNullOrEmpty(filter) || n.Contains(filter, StringComparison.Ordinal))
                .ToList();
            return (names.Count, names.Skip(Math.Max(0, offset)).Take(Math.Max(0, size)).ToList());
        }
    }

    private ProjectState Project(string name) =>
        _projects.TryGetValue(name, out var project) ? project : throw LogHubErrors.ProjectNotExist(name);

    private LogstoreState Logstore(string project, string name) =>
        Project(project).Logstores.TryGetValue(name, out var logstore) ? logstore : throw LogHubErrors.LogStoreNotExist(name);

    private static void ValidateName(string name, string what)
    {
        if (!ValidName().IsMatch(name))
        {
            throw LogHubErrors.ParameterInvalid($"{what} name '{name}' is invalid (letters, digits, '-' and '_', at most 128)");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex ValidName();

    private void Save() => _persistence?.SaveSnapshot(StateSnapshot.From(_defaultProject, _projects.Values));

    private void Load()
    {
        if (_persistence?.LoadSnapshot() is not { } snapshot)
        {
            return;
        }

        _defaultProject = snapshot.DefaultProject;
        foreach (var projectSnapshot in snapshot.Projects)
        {
            var project = projectSnapshot.ToState();
            foreach (var logstore in project.Logstores.Values)
            {
                foreach (var shard in logstore.Shards.Values)
                {
                    shard.Groups.AddRange(_persistence.ReadGroups(project.Name, logstore.Name, shard.Id));
                }
            }

            _projects[project.Name] = project;
        }
    }
}
