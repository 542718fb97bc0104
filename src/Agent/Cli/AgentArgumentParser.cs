namespace FlumeNet.Agent.Cli;

/// <summary>
/// Parses the <c>flume-ng agent</c> options in the forms Flume's launcher and commons-cli accept (reference §4.1–4.3):
/// <c>-n a1</c>, <c>-na1</c>, <c>-n=a1</c>, <c>--name a1</c>, <c>--name=a1</c>, unambiguous long-option prefixes,
/// repeatable <c>-f</c>, <c>-Dkey=value</c>; JVM-only options are accepted and reported as ignored; ZooKeeper, HTTP
/// config URIs and custom providers are refused.
/// </summary>
public static class AgentArgumentParser
{
    private sealed record Option(string Short, string Long, bool HasArg);

    private static readonly Option[] Options =
    [
        new("n", "name", true),
        new("f", "conf-file", true),
        new("u", "conf-uri", true),
        new("prov", "conf-provider", true),
        new("a", "auth-provider", true),
        new("user", "conf-user", true),
        new("pwd", "conf-password", true),
        new("i", "poll-interval", true),
        new("b", "backup-directory", true),
        new("", "no-reload-conf", false),
        new("z", "zkConnString", true),
        new("p", "zkBasePath", true),
        new("h", "help", false),
        // The launcher script's own options (bin/flume-ng), which never reach Flume's Java parser.
        new("c", "conf", true),
        new("C", "classpath", true),
        new("", "plugins-path", true),
        new("d", "dryrun", false),
        // FlumeNet's additions.
        new("", "check", false),
        new("", "strict", false),
        new("", "format", true),
        new("", "raw", false),
    ];

    public static AgentArguments Parse(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? optsFileDefaults = null)
    {
        var result = new AgentArguments();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (TryJvmOption(token, result))
            {
                continue;
            }
            if (!token.StartsWith('-') || token == "-" || token == "--")
            {
                // commons-cli ignores extra positional arguments.
                result.Ignored.Add($"'{token}': extra argument ignored (as in Flume)");
                continue;
            }
            var (option, inline) = Match(token);
            string? value = null;
            if (option.HasArg)
            {
                if (inline is not null)
                {
                    value = inline;
                }
                else if (i + 1 < args.Count)
                {
                    value = args[++i];
                }
                else
                {
                    throw new UsageException($"Missing argument for option: {option.Long}");
                }
            }
            else if (inline is not null)
            {
                throw new UsageException($"option --{option.Long} takes no value");
            }
            seen.Add(option.Long);
            Apply(result, option.Long, value ?? "true");
        }
        if (optsFileDefaults is not null)
        {
            ApplyDefaults(result, seen, optsFileDefaults);
        }
        if (result.ConfigUriFiles.Count > 0)
        {
            if (result.ConfigFiles.Count > 0)
            {
                result.Ignored.Add("-f: ignored because --conf-uri is given (as in Flume)");
            }
            result.ConfigFiles.Clear();
            result.ConfigFiles.AddRange(result.ConfigUriFiles);
        }
        return result;
    }

    private static void ApplyDefaults(AgentArguments result, HashSet<string> seen, IReadOnlyDictionary<string, string> defaults)
    {
        foreach (var (key, value) in defaults)
        {
            var option = Array.Find(Options, o => o.Long == key || (o.Short.Length > 0 && o.Short == key));
            if (option is null || seen.Contains(option.Long))
            {
                continue;
            }
            if (!option.HasArg && value is not ("yes" or "true" or "1"))
            {
                continue;
            }
            Apply(result, option.Long, value);
        }
    }

    private static bool TryJvmOption(string token, AgentArguments result)
    {
        if (token.StartsWith("-D", StringComparison.Ordinal) && token.Length > 2)
        {
            var eq = token.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? token[2..] : token[2..eq];
            result.SystemProperties[key] = eq < 0 ? string.Empty : token[(eq + 1)..];
            return true;
        }
        if ((token.StartsWith("-X", StringComparison.Ordinal) && token.Length > 2)
            || token.StartsWith("-agentlib", StringComparison.Ordinal)
            || token.StartsWith("-agentpath", StringComparison.Ordinal)
            || token.StartsWith("-javaagent", StringComparison.Ordinal))
        {
            result.Ignored.Add($"'{token}': a JVM option, ignored (this agent has no JVM)");
            return true;
        }
        return false;
    }

    private static (Option Option, string? Inline) Match(string token)
    {
        if (token.StartsWith("--", StringComparison.Ordinal))
        {
            var body = token[2..];
            var eq = body.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? body : body[..eq];
            var inline = eq < 0 ? null : body[(eq + 1)..];
            var exact = Array.Find(Options, o => o.Long == name);
            if (exact is not null)
            {
                return (exact, inline);
            }
            var prefixed = Array.FindAll(Options, o => o.Long.StartsWith(name, StringComparison.Ordinal));
            return prefixed.Length switch
            {
                1 => (prefixed[0], inline),
                0 => throw new UsageException($"Unrecognized option: {token}"),
                _ => throw new UsageException($"Ambiguous option: {token} (could be --{string.Join(", --", Array.ConvertAll(prefixed, o => o.Long))})"),
            };
        }
        var shortBody = token[1..];
        var shortEq = shortBody.IndexOf('=', StringComparison.Ordinal);
        var whole = Array.Find(Options, o => o.Short.Length > 0 && o.Short == (shortEq < 0 ? shortBody : shortBody[..shortEq]));
        if (whole is not null)
        {
            return (whole, shortEq < 0 ? null : shortBody[(shortEq + 1)..]);
        }
        // -na1: a one-letter option with its value attached.
        var first = Array.Find(Options, o => o.Short == shortBody[..1] && o.HasArg);
        if (first is not null)
        {
            return (first, shortBody[1..]);
        }
        throw new UsageException($"Unrecognized option: {token}");
    }

    private static void Apply(AgentArguments r, string option, string value)
    {
        switch (option)
        {
            case "name":
                r.Name = value;
                break;
            case "conf-file":
                r.ConfigFiles.Add(value);
                break;
            case "conf-uri":
                ApplyUri(r, value);
                break;
            case "poll-interval":
                r.PollIntervalSeconds = int.TryParse(value, out var s) && s >= 0
                    ? s
                    : throw new UsageException($"--poll-interval needs a whole number of seconds, got '{value}'");
                break;
            case "no-reload-conf":
                r.NoReloadConf = true;
                break;
            case "help":
                r.Help = true;
                break;
            case "conf":
                r.ConfDir = value;
                break;
            case "check":
                r.Check = true;
                break;
            case "strict":
                r.Strict = true;
                break;
            case "raw":
                r.Raw = true;
                break;
            case "format":
                r.Format = value is "text" or "json" or "markdown"
                    ? value
                    : throw new UsageException($"--format must be text or json, got '{value}'");
                break;
            case "plugins-path":
                r.PluginsPath.AddRange(value!.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                break;
            case "dryrun":
                r.DryRun = true;
                break;
            case "classpath":
                r.Ignored.Add($"--{option}: Java class paths do not apply to this agent (plugins go in plugins.d or --plugins-path); ignored");
                break;
            case "backup-directory":
                r.Ignored.Add("--backup-directory: not supported yet; ignored");
                break;
            case "zkConnString":
            case "zkBasePath":
                throw new UsageException($"--{option}: configurations in ZooKeeper are not supported by this agent; use -f with a properties file");
            case "conf-provider":
            case "auth-provider":
                throw new UsageException($"--{option}: custom Java providers are not supported by this agent; use -f with a properties file");
            case "conf-user":
            case "conf-password":
                throw new UsageException($"--{option}: configurations over HTTP are not supported by this agent; use -f with a properties file");
            default:
                throw new UsageException($"Unrecognized option: --{option}");
        }
    }

    // Flume ignores every -f once any -u is given (S7); file: URIs work here, other schemes do not.
    private static void ApplyUri(AgentArguments r, string uri)
    {
        if (!uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"--conf-uri {uri}: only file: URIs are supported by this agent; HTTP and classpath configurations are not");
        }
        r.ConfigUriFiles.Add(new Uri(uri).LocalPath);
    }
}
