using FlumeNet.Agent.Registry;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Cli;

/// <summary><c>flume-ng help [components [--format markdown] | TYPE]</c>.</summary>
public static class HelpCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0)
        {
            WriteUsage(stdout);
            return 0;
        }
        if (args[0] == "components")
        {
            var markdown = args.Length >= 3 && args[1] == "--format" && args[2] == "markdown"
                || args.Length >= 2 && args[1] == "--format=markdown";
            stdout.Write(markdown
                ? ComponentReference.RenderMarkdown(ComponentRegistry.Current)
                : ComponentReference.RenderText(ComponentRegistry.Current));
            return 0;
        }
        var found = false;
        foreach (var kind in Enum.GetValues<ComponentKind>())
        {
            if (ComponentRegistry.Current.Resolve(kind, args[0]) is { } match)
            {
                stdout.Write(ComponentReference.RenderComponent(match.Spec));
                found = true;
            }
        }
        if (!found)
        {
            stderr.WriteLine($"flume-ng: no component type '{args[0]}'; `flume-ng help components` lists them");
            return 2;
        }
        return 0;
    }

    public static void WriteUsage(TextWriter w)
    {
        w.WriteLine("""
            Usage: flume-ng <command> [options]...

            commands:
              agent                     run a Flume agent (or check its config with --check)
              config                    print the effective (or --raw) properties of a config, secrets as ***
              migrate PATH [-o DIR]     report whether a Flume/EMR conf dir or file runs on FlumeNet; write its config, nlog.config, flumenet.env
              version                   show the version
              help [components|TYPE]    this text, the component reference, or one component's options

            agent options:
              -n, --name NAME           the agent to run (required to run; optional with --check)
              -f, --conf-file FILE      a config file (repeatable; later files override earlier keys)
              -c, --conf DIR            the conf directory (logging config)
              -i, --poll-interval SECS  seconds between config-file change checks (default 30)
              --no-reload-conf          do not reload the config when it changes
              -Dkey=value               a system property (${sys:key}, flume.root.logger, flume.monitoring.*)
              --check                   validate the config and print diagnostics, then exit (0 ok, 1 errors)
              --format text|json        diagnostics format for --check, output format for config
              --strict                  refuse to start on any config error (with --check: warnings count too)
              --raw                     (config) print the properties as read, before substitution and intake
            """);
    }

    public static void WriteAgentUsage(TextWriter w) => WriteUsage(w);
}
