using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Model;

namespace FlumeNet.Agent.Cli;

/// <summary>Entry point of the <c>flume-ng</c> program: dispatches the command word. Exit 2 on usage errors.</summary>
public static class FlumeNgCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CliEnvironment? environment = null)
    {
        var env = environment ?? CliEnvironment.Process;
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length == 0)
        {
            HelpCommand.WriteUsage(stderr);
            return 2;
        }
        try
        {
            var rest = args[1..];
            switch (args[0])
            {
                case "agent":
                case "node":
                    return RunAgent(Parse(rest, env, stderr), env, stdout, stderr);
                case "config":
                    return ConfigCommand.Run(Parse(rest, env, stderr), env, stdout, stderr);
                case "migrate": return Migration.MigrateCommand.Run(rest, env, stdout, stderr);
                case "avro-client": return AvroClientCommand.Run(rest, stdout, stderr);
                case "version":
                case "--version":
                    return VersionCommand.Run(stdout);
                case "help":
                case "-h":
                case "--help":
                    return HelpCommand.Run(rest, stdout, stderr);
                case "tool":
                    stderr.WriteLine($"flume-ng: '{args[0]}' is a Flume command FlumeNet does not support yet (see README: Not supported yet)");
                    return 2;
                default:
                    stderr.WriteLine($"flume-ng: unknown command '{args[0]}'");
                    HelpCommand.WriteUsage(stderr);
                    return 2;
            }
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"flume-ng: {ex.Message}");
            return 2;
        }
        catch (Migration.MigrationOutputException ex)
        {
            stderr.WriteLine($"flume-ng: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The last guard: a command ends with a message and an exit code, never with a stack trace (exit 134).
            stderr.WriteLine($"flume-ng: {args[0]} failed unexpectedly ({ex.GetType().Name}): {ControlText.Escape(ex.Message)}");
            stderr.WriteLine("flume-ng: this is a bug in FlumeNet; please report it with the command line");
            return 1;
        }
    }

    private static AgentArguments Parse(string[] args, CliEnvironment env, TextWriter stderr)
    {
        var parsed = AgentArgumentParser.Parse(args, FlumeOptsFile.Load(env.OptsFilePath));
        foreach (var note in parsed.Ignored)
        {
            stderr.WriteLine($"flume-ng: note: {note}");
        }
        LoadPlugins(parsed, env, stderr);
        return parsed;
    }

    // Plugins are loaded before the config is read, so --check and the agent judge plugin types alike.
    private static void LoadPlugins(AgentArguments parsed, CliEnvironment env, TextWriter stderr)
    {
        var dirs = Plugins.PluginLoader.Directories(parsed.PluginsPath, env.GetVariable("FLUME_HOME"));
        var set = Plugins.PluginLoader.Load(dirs);
        foreach (var problem in Registry.ComponentRegistry.UsePlugins(set))
        {
            stderr.WriteLine($"flume-ng: error: {problem}; components naming its classes are dropped");
        }
        if (set.Loaded.Count > 0)
        {
            stderr.WriteLine($"flume-ng: plugins loaded: {string.Join(", ", set.Loaded)}");
        }
    }

    private static int RunAgent(AgentArguments args, CliEnvironment env, TextWriter stdout, TextWriter stderr)
    {
        if (args.Help)
        {
            HelpCommand.WriteAgentUsage(stdout);
            return 0;
        }
        if (args.ConfigFiles.Count == 0)
        {
            throw new UsageException("no configuration was provided: give -f FILE");
        }
        var notes = new List<string>();
        if (args.ConfDir is not null && ReferenceEquals(env, CliEnvironment.Process))
        {
            notes.AddRange(FlumeEnvFile.Apply(args.ConfDir, args));
        }
        if (args.ConfDir is { } conf && File.Exists(Path.Combine(conf, "log4j.properties")) && !File.Exists(Path.Combine(conf, "nlog.config")))
        {
            notes.Add($"{Path.Combine(conf, "log4j.properties")} is Flume's log4j config, which this agent does not read; `flume-ng migrate {conf} -o DIR` converts it to nlog.config");
        }
        if (args.Check)
        {
            return CheckCommand.Run(args, env, stdout, stderr);
        }
        if (args.Name is null)
        {
            throw new UsageException("Missing required option: n (the agent name, e.g. -n a1)");
        }
        if (ConfigFileProblem(args.ConfigFiles) is { } problem)
        {
            // Flume's Application refuses to start with this message; say it on the console as well as in the log.
            stderr.WriteLine($"flume-ng: {problem}");
            Hosting.AgentLogging.Configure(args.SystemProperties, args.ConfDir);
            NLog.LogManager.GetLogger("FlumeNet.Agent").Error("A fatal error occurred while running: {Problem}", problem);
            NLog.LogManager.Shutdown();
            return 1;
        }
        if (args.DryRun)
        {
            return DryRun(args, env, stdout);
        }
        var strict = args.Strict || string.Equals(args.SystemProperties.GetValueOrDefault("flume.strict"), "true", StringComparison.OrdinalIgnoreCase);
        var poll = args.NoReloadConf ? (TimeSpan?)null : TimeSpan.FromSeconds(args.PollIntervalSeconds is > 0 and var s ? s : 30);
        var settings = new Hosting.AgentSettings(args.Name, [.. args.ConfigFiles], args.SystemProperties, strict, poll) { StartupNotes = notes };
        return Hosting.AgentHostRunner.Run(settings, args.ConfDir, stderr);
    }

    /// <summary>Flume's wording for a <c>-f</c> it cannot use; null when every file can be read.</summary>
    public static string? ConfigFileProblem(IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var f in files)
        {
            var full = Path.GetFullPath(f);
            if (Directory.Exists(full))
            {
                return $"The specified configuration file is a directory: {full}";
            }
            if (!File.Exists(full))
            {
                return $"The specified configuration file does not exist: {full}";
            }
            try
            {
                using var _ = File.OpenRead(full);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return $"The specified configuration file cannot be read: {full} ({ex.Message})";
            }
        }
        return null;
    }

    // Flume's --dryrun prints the java command and exits; here: what the agent would run, and nothing starts.
    private static int DryRun(AgentArguments args, CliEnvironment env, TextWriter stdout)
    {
        var result = ConfigParser.Loading.ConfigLoader.Load(CheckCommand.LoadOptionsFor(args, env));
        var errors = result.SortedDiagnostics.Count(d => d.IsError);
        stdout.WriteLine($"flume-ng --dryrun: would run agent '{args.Name}' from {string.Join(", ", args.ConfigFiles)} ({errors} config error(s); `agent --check` lists them); nothing is started");
        var agent = result.Config.Agent(args.Name!);
        if (agent is not { IsValid: true })
        {
            stdout.WriteLine($"  agent '{args.Name}' is not valid: it would run nothing");
            return 0;
        }
        foreach (var section in new[] { ConfigParser.Model.SectionKind.Channels, ConfigParser.Model.SectionKind.Sinks, ConfigParser.Model.SectionKind.SinkGroups, ConfigParser.Model.SectionKind.Sources })
        {
            foreach (var name in agent.Active[section])
            {
                var type = agent.Component(section, name)?.Type;
                stdout.WriteLine(ControlText.Escape($"  {section.Singular()} '{name}'{(type is null ? string.Empty : $" ({type})")}"));
            }
        }
        return 0;
    }
}
