using FlumeNet.Agent.Cli;

namespace FlumeNet.Agent.Migration;

/// <summary>The parsed <c>flume-ng migrate</c> command line.</summary>
public sealed record MigrateOptions(string Input, string? OutputDir, string? AgentName, string Format)
{
    /// <summary><c>--move-secrets</c>: replace plain-text secrets with <c>${env:…}</c> references (listed in flumenet.env).</summary>
    public bool MoveSecrets { get; init; }

    private static readonly string[] Formats = ["text", "markdown", "json"];

    /// <summary><c>&lt;file or conf dir&gt; [-o OUTDIR] [-n AGENT] [--move-secrets] [--format text|markdown|json]</c>, in any order.</summary>
    /// <exception cref="UsageException">A missing or extra argument, an unknown option or format.</exception>
    public static MigrateOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? input = null;
        string? output = null;
        string? agent = null;
        var format = "text";
        var moveSecrets = false;
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            var (name, inline) = SplitInline(token);
            switch (name)
            {
                case "-o":
                case "--output":
                    output = Value(args, ref i, inline, name);
                    break;
                case "-n":
                case "--name":
                    agent = Value(args, ref i, inline, name);
                    break;
                case "--move-secrets":
                    moveSecrets = true;
                    break;
                case "--format":
                    format = Value(args, ref i, inline, name);
                    if (!Formats.Contains(format))
                    {
                        throw new UsageException($"migrate: unknown format '{format}' (use text, markdown or json)");
                    }
                    break;
                default:
                    if (token.StartsWith('-') && token.Length > 1)
                    {
                        throw new UsageException($"migrate: unknown option '{token}'; usage: {Usage}");
                    }
                    if (input is not null)
                    {
                        throw new UsageException($"migrate: one input only ('{input}' and '{token}'); usage: {Usage}");
                    }
                    input = token;
                    break;
            }
        }
        if (input is null)
        {
            throw new UsageException($"migrate: give a config file or a conf folder; usage: {Usage}");
        }
        return new MigrateOptions(input, output, agent, format) { MoveSecrets = moveSecrets };
    }

    public const string Usage = "flume-ng migrate <file or conf dir> [-o OUTDIR] [-n AGENT] [--move-secrets] [--format text|markdown|json]";

    private static (string Name, string? Inline) SplitInline(string token)
    {
        if (token.StartsWith("--", StringComparison.Ordinal) && token.IndexOf('=', StringComparison.Ordinal) is > 2 and var eq)
        {
            return (token[..eq], token[(eq + 1)..]);
        }
        return (token, null);
    }

    private static string Value(IReadOnlyList<string> args, ref int i, string? inline, string name)
    {
        if (inline is not null)
        {
            return inline;
        }
        if (i + 1 >= args.Count || args[i + 1].Length == 0)
        {
            throw new UsageException($"migrate: {name} needs a value; usage: {Usage}");
        }
        return args[++i];
    }
}
