using System.Text;
using System.Text.RegularExpressions;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Migration;

/// <summary>
/// One golden case: <c>Cases/NAME/</c> holds the inputs as a user has them, and an optional <c>case.args</c> with
/// <c>input: FILE</c> (migrate that file instead of the folder), <c>args: …</c> and <c>env: NAME=value</c> lines.
/// Running it migrates into a fresh temporary folder, which <see cref="Dispose"/> removes.
/// </summary>
public sealed partial class MigrationCase : IDisposable
{
    public static readonly string CasesDir = Path.Combine(RepoPaths.Root, "tests", "Agent.Tests", "Migration", "Cases");

    private MigrationCase(string name, string outDir, CliRunner.Result result, Dictionary<string, string> env, List<string> args)
    {
        Args = args;
        Name = name;
        OutDir = outDir;
        Result = result;
        Env = env;
    }

    public string Name { get; }

    public string Dir => Path.Combine(CasesDir, Name);

    public string OutDir { get; }

    public CliRunner.Result Result { get; }

    public Dictionary<string, string> Env { get; }

    /// <summary>The case's extra migrate arguments (e.g. <c>-n web</c>).</summary>
    public IReadOnlyList<string> Args { get; }

    public static IReadOnlyList<string> Names() =>
        Directory.GetDirectories(CasesDir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    public static MigrationCase Run(string name, string format = "text")
    {
        var dir = Path.Combine(CasesDir, name);
        var input = dir;
        var extra = new List<string>();
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var argsFile = Path.Combine(dir, "case.args");
        if (File.Exists(argsFile))
        {
            foreach (var line in File.ReadLines(argsFile))
            {
                if (line.StartsWith("input:", StringComparison.Ordinal))
                {
                    input = Path.Combine(dir, line["input:".Length..].Trim());
                }
                else if (line.StartsWith("args:", StringComparison.Ordinal))
                {
                    extra.AddRange(line["args:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
                }
                else if (line.StartsWith("env:", StringComparison.Ordinal))
                {
                    var kv = line["env:".Length..].Trim();
                    var eq = kv.IndexOf('=', StringComparison.Ordinal);
                    env[kv[..eq]] = kv[(eq + 1)..];
                }
            }
        }
        var outDir = Path.Combine(Path.GetTempPath(), "flumenet-migrate-test-" + Guid.NewGuid().ToString("N"));
        var argv = new List<string> { "migrate", input, "-o", outDir, "--format", format };
        argv.AddRange(extra);
        var result = CliRunner.Run(env, [.. argv]);
        return new MigrationCase(name, outDir, result, env, extra);
    }

    /// <summary>Input files of the case (not case.args).</summary>
    public IEnumerable<string> InputFiles() => Directory.GetFiles(Dir).Where(f => Path.GetFileName(f) != "case.args").Order(StringComparer.Ordinal);

    public IReadOnlyList<string> OutputFiles() =>
        Directory.Exists(OutDir) ? Directory.GetFiles(OutDir).Order(StringComparer.Ordinal).ToList() : [];

    /// <summary>The golden text: the report, the exit code, then every output file (configs identical to the input named only).</summary>
    public string Golden()
    {
        var sb = new StringBuilder(Normalize(Result.Stdout));
        sb.Append("exit: ").Append(Result.ExitCode).Append('\n');
        foreach (var f in OutputFiles())
        {
            var name = Path.GetFileName(f);
            var bytes = File.ReadAllBytes(f);
            var input = Path.Combine(Dir, name);
            sb.Append("\n===== ").Append(name).Append(" =====\n");
            if (File.Exists(input) && File.ReadAllBytes(input).AsSpan().SequenceEqual(bytes))
            {
                sb.Append("(byte-identical to the input)\n");
                continue;
            }
            sb.Append(Encoding.UTF8.GetString(bytes));
        }
        return sb.ToString();
    }

    public string Normalize(string text) => text.Replace(OutDir, "<out>", StringComparison.Ordinal).Replace(Dir, "<case>", StringComparison.Ordinal);

    /// <summary>Secret values planted in the inputs: every PLANTED_SECRET_… token.</summary>
    public IReadOnlyList<string> PlantedSecrets() =>
        InputFiles().SelectMany(f => Planted().Matches(File.ReadAllText(f)).Select(m => m.Value)).Distinct().ToList();

    public void Dispose()
    {
        if (Directory.Exists(OutDir))
        {
            Directory.Delete(OutDir, recursive: true);
        }
    }

    [GeneratedRegex(@"PLANTED_SECRET_\w+")]
    private static partial Regex Planted();
}
