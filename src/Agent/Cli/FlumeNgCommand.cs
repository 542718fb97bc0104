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
                    return VersionCommand.Run(stdout);
                case "help":
                case "-h":
                case "--help":
                    return HelpCommand.Run(rest, stdout, stderr);
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
        if (args.Check)
        {
            return CheckCommand.Run(args, env, stdout, stderr);
        }
        if (args.Name is null)
        {
            throw new UsageException("Missing required option: n (the agent name, e.g. -n a1)");
        }
        var strict = args.Strict || string.Equals(args.SystemProperties.GetValueOrDefault("flume.strict"), "true", StringComparison.OrdinalIgnoreCase);
        var poll = args.NoReloadConf ? (TimeSpan?)null : TimeSpan.FromSeconds(args.PollIntervalSeconds is > 0 and var s ? s : 30);
        var settings = new Hosting.AgentSettings(args.Name, [.. args.ConfigFiles], args.SystemProperties, strict, poll);
        return Hosting.AgentHostRunner.Run(settings, args.ConfDir, stderr);
    }
}
