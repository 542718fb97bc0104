using System.Text.RegularExpressions;
using FlumeNet.Agent.Cli;
using FlumeNet.Agent.Hdfs.FileSystems;
using FlumeNet.Agent.Registry;
using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Loading;
using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Validation;

namespace FlumeNet.Agent.Migration;

/// <summary>
/// Runs a migration: reads the inputs, translates flume-env.sh and the logging config, loads every agent config exactly
/// as <c>flume-ng agent --check</c> does (with the variables and flags flume-env.sh carried), analyses each agent,
/// writes the output config, and, with an output folder, writes the files.
/// </summary>
public static partial class MigrationRunner
{
    private const string DefaultLogDir = "./logs";
    private const string DefaultLogFile = "flume.log";

    /// <exception cref="UsageException">The input is missing, or the output folder is the input folder.</exception>
    public static MigrationReport Run(MigrateOptions options, CliEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(env);
        var inputs = MigrationInputs.Discover(options.Input);
        string? outDir = null;
        if (options.OutputDir is not null)
        {
            outDir = Path.GetFullPath(options.OutputDir);
            if (Path.TrimEndingDirectorySeparator(outDir) == Path.TrimEndingDirectorySeparator(inputs.Folder))
            {
                throw new UsageException("migrate: -o must not be the input folder: the original files would be overwritten");
            }
            if (File.Exists(outDir))
            {
                throw new UsageException($"migrate: -o {options.OutputDir} is a file; give a folder (it is created if missing)");
            }
        }
        var envPlan = EnvMigration.Plan(inputs.EnvFile is null ? null : EnvFileReader.Read(inputs.EnvFile), SysPropertiesRead(inputs.ConfigFiles));
        var report = new MigrationReport(options.Input, inputs, envPlan) { OutputDir = options.OutputDir };
        report.Notes.AddRange(inputs.Notes);
        ConvertLogging(report, inputs, envPlan);
        string? Lookup(string name) => envPlan.Variables.FirstOrDefault(v => v.Key == name).Value ?? env.GetVariable(name);
        var hadoop = HadoopConfig.Find(inputs.Folder, Lookup);
        var declared = envPlan.Variables.FirstOrDefault(v => v.Key == "HADOOP_CONF_DIR").Value;
        var analyzer = new AgentAnalyzer(ComponentRegistry.Current, hadoop, declared, envPlan.MaxHeapBytes);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in inputs.ConfigFiles)
        {
            report.Files.Add(MigrateFile(file, options, env, envPlan, Lookup, analyzer, variables));
        }
        if (options.AgentName is not null && !report.Agents.Any())
        {
            report.Notes.Add($"no config defines agent '{options.AgentName}'");
        }
        if (outDir is not null)
        {
            Write(report, outDir);
        }
        return report;
    }

    private static ConfigFileReport MigrateFile(string file, MigrateOptions options, CliEnvironment env, EnvPlan envPlan,
        Func<string, string?> lookup, AgentAnalyzer analyzer, Dictionary<string, string> variables)
    {
        var display = Path.GetFileName(file);
        var load = Load(file, options.AgentName, envPlan, lookup, env);
        if (!load.Config.Agents.Any(a => SectionKinds.All.Any(k => a.List(k) is not null))
            && !load.Diagnostics.Items.Any(d => d.Code == DiagnosticCodes.FileNotFound))
        {
            // hadoop-metrics2.properties and the like: no <agent>.sources/.channels/.sinks list, so no agent config.
            var skipped = new ConfigFileReport(display, new RewriteResult(File.ReadAllBytes(file), identical: true)) { Skipped = true };
            skipped.Notes.Add("no <agent>.sources, .channels or .sinks list: not an agent config, left out");
            return skipped;
        }
        var diagnostics = load.SortedDiagnostics.Select(d => d with { Location = new SourceLocation(display, d.Location.Line) }).ToList();
        var agents = options.AgentName is null ? load.Config.Agents.ToList()
            : load.Config.Agent(options.AgentName) is { } named ? [named] : [];
        var analyses = agents.Select(a => analyzer.Analyze(a, diagnostics, display)).ToList();
        var policy = new SecretPolicy(load.Config, ComponentRegistry.Current);
        var bytes = File.ReadAllBytes(file);
        string VariableFor(string key)
        {
            if (!variables.TryGetValue(key, out var name))
            {
                name = ConfigRewriter.VariableName(key);
                while (variables.ContainsValue(name))
                {
                    name += "_2";
                }
                variables[key] = name;
            }
            return name;
        }
        var marks = analyses.SelectMany(a => a.Marks).ToList();
        var fixes = analyses.SelectMany(a => a.Fixes).ToList();
        var rewrite = ConfigRewriter.Rewrite(bytes, file, policy, marks, fixes, VariableFor, options.MoveSecrets);
        var after = rewrite.AppliedFixes.Count > 0 ? Recheck(rewrite.Bytes, display, options, envPlan, lookup, env, variables) : null;
        if (after is not null && Errors(after, agents) > Errors(load, agents))
        {
            // Conservative: renames that make the config worse are only suggested.
            var suggested = marks.Concat(fixes.Select(f => new LineMark(f.Line, $"did you mean {f.NewKey}? {f.Why}"))).ToList();
            rewrite = ConfigRewriter.Rewrite(bytes, file, policy, suggested, [], VariableFor, options.MoveSecrets);
            after = null;
        }
        if (rewrite.AppliedFixes.Count == 0 && analyses.Count > 0 && analyses.All(a => a.Report.Verdict == Verdict.RunsUnchanged))
        {
            // A config that runs unchanged is left alone: byte for byte, unless --move-secrets asks for the secrets to move.
            rewrite = ConfigRewriter.Rewrite(bytes, file, policy, [], [], VariableFor, options.MoveSecrets);
        }
        var result = new ConfigFileReport(display, rewrite);
        SecretNotes(result, display, options.MoveSecrets);
        foreach (var a in analyses)
        {
            CustomClasses(a.Report, diagnostics);
            foreach (var fix in rewrite.AppliedFixes.Where(f => f.FullKey.StartsWith(a.Report.Name + ".", StringComparison.Ordinal)))
            {
                a.Report.Fixed.Add($"{display}:{fix.Line}: {fix.FullKey} -> {fix.NewKey}{(fix.NewValue is null ? string.Empty : $" = {fix.NewValue}")} ({fix.Why})");
                a.Report.SettleChanges(fix.NewKey);
            }
            if (after is not null && a.Report.Fixed.Count > 0)
            {
                var left = Errors(after, [a.Agent]);
                a.Report.Notes.Add(left == 0
                    ? "with the renames made in the output config, --check reports no error"
                    : $"with the renames made in the output config, --check still reports {left} error{(left == 1 ? string.Empty : "s")} (marked there)");
            }
            result.Agents.Add(a.Report);
        }
        foreach (var move in rewrite.Secrets.Where(m => !m.InComment))
        {
            if (!envPlan.Secrets.Exists(s => s.Name == move.Variable))
            {
                envPlan.Secrets.Add(new SecretVariable(move.Variable, $"the value of {move.FullKey} in {display} (not copied)"));
            }
        }
        // What no agent of the file claims: syntax findings, and an agent asked for with -n that is not there.
        bool Claimed(Diagnostic d) => load.Config.Agents.Any(a => d.Key == a.Name || d.Key.StartsWith(a.Name + ".", StringComparison.Ordinal));
        result.Diagnostics.AddRange(diagnostics.Where(d => !Claimed(d)));
        return result;
    }

    private static void SecretNotes(ConfigFileReport result, string display, bool moved)
    {
        var rewrite = result.Rewrite;
        if (!moved && rewrite.SecretsLeft.Count > 0)
        {
            var where = string.Join(", ", rewrite.SecretsLeft.Select(s => $"{s.Key} (line {s.Line})"));
            result.Notes.Add($"{display} holds {CheckCommand.Plural(rewrite.SecretsLeft.Count, "secret value")} in plain text: {where}; nothing was edited."
                + " Recommended: run migrate again with --move-secrets, which replaces each value with an ${env:…} reference and lists the variable in flumenet.env (without its value)");
        }
        foreach (var move in rewrite.Secrets.Where(m => !m.InComment))
        {
            result.Notes.Add($"--move-secrets: {move.FullKey} (line {move.Line}) now reads ${{env:{move.Variable}}}; set {move.Variable} where the agent runs (flumenet.env lists it, its value is not copied)");
        }
    }

    // Each Java class the agent names that FlumeNet cannot load, with what replaces it.
    private static void CustomClasses(AgentReport report, IReadOnlyList<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            if (d.Code != DiagnosticCodes.UnknownType || !d.Key.StartsWith(report.Name + ".", StringComparison.Ordinal)
                || !d.Message.StartsWith("unknown ", StringComparison.Ordinal) || QuotedClass(d.Message) is not { } cls)
            {
                continue;
            }
            var kind = d.Message["unknown ".Length..d.Message.IndexOf(" type '", StringComparison.Ordinal)];
            var replacement = TypeResolver.KindNamed(kind) is { } k ? CustomClassHint.BuiltInFor(k, cls) : null;
            report.CustomClasses.Add(new CustomClass(kind, cls, d.Key, replacement is null
                ? "port it as a .NET plugin registered under this class name (docs/architecture.md, Plugins; samples/LineEtlPlugin)"
                : $"the built-in {replacement}, else port it as a .NET plugin (samples/LineEtlPlugin)"));
        }
    }

    private static string? QuotedClass(string message)
    {
        var start = message.IndexOf(" type '", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }
        start += " type '".Length;
        var end = message.IndexOf('\'', start);
        var cls = end > start ? message[start..end] : null;
        return cls is not null && cls.Contains('.', StringComparison.Ordinal) ? cls : null;
    }

    private static LoadResult Load(string file, string? agent, EnvPlan envPlan, Func<string, string?> lookup, CliEnvironment env) =>
        ConfigLoader.Load(new LoadOptions([file], agent, envPlan.SystemProperties(), lookup, env.Now(), ComponentRegistry.Current));

    // Loads the rewritten config as the user would run it (secret variables set).
    private static LoadResult Recheck(byte[] rewritten, string display, MigrateOptions options, EnvPlan envPlan,
        Func<string, string?> lookup, CliEnvironment env, Dictionary<string, string> variables)
    {
        var dir = Directory.CreateTempSubdirectory("flumenet-migrate-");
        try
        {
            var path = Path.Combine(dir.FullName, display);
            File.WriteAllBytes(path, rewritten);
            string? WithSecrets(string name) => variables.ContainsValue(name) ? "placeholder" : lookup(name);
            return Load(path, options.AgentName, envPlan, WithSecrets, env);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static int Errors(LoadResult result, IReadOnlyList<AgentConfig> agents) =>
        result.Diagnostics.Items.Count(d => d.IsError && agents.Any(a => d.Key == a.Name || d.Key.StartsWith(a.Name + ".", StringComparison.Ordinal)));

    private static void ConvertLogging(MigrationReport report, MigrationInputs inputs, EnvPlan envPlan)
    {
        if (inputs.LogFile is not { } logFile)
        {
            return;
        }
        LogConfig config;
        try
        {
            config = Path.GetFileName(logFile) switch
            {
                "log4j2.xml" => Log4j2XmlReader.Read(logFile),
                "log4j2.properties" => Log4j2PropertiesReader.Read(logFile),
                _ => Log4j1Reader.Read(logFile),
            };
        }
        catch (Exception ex) when (ex is System.Xml.XmlException or IOException or InvalidDataException)
        {
            report.LogError = $"{Path.GetFileName(logFile)} could not be read ({ex.Message}): no nlog.config is written";
            return;
        }
        report.Log = NLogConfigWriter.Write(config);
        // The file's own defaults for Flume's log location differ from FlumeNet's only when passed as flags.
        foreach (var (key, fallback) in new[] { (LogVariables.LogDirProperty, DefaultLogDir), (LogVariables.LogFileProperty, DefaultLogFile) })
        {
            if (config.FlumeProperties.GetValueOrDefault(key) is { } value && value != fallback && !envPlan.Flags.Exists(f => f.Key == key))
            {
                envPlan.AddFlag(key, value, $"the default {Path.GetFileName(logFile)} gives it; FlumeNet's own default is {fallback}", 0);
            }
        }
    }

    private static void Write(MigrationReport report, string outDir)
    {
        try
        {
            WriteFiles(report, outDir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MigrationOutputException($"migrate: cannot write to {report.OutputDir}: {ex.Message}", ex);
        }
    }

    private static void WriteFiles(MigrationReport report, string outDir)
    {
        Directory.CreateDirectory(outDir);
        foreach (var f in report.Files.Where(f => !f.Skipped))
        {
            File.WriteAllBytes(Path.Combine(outDir, f.Name), f.Rewrite.Bytes);
            report.Written.Add(f.Name);
        }
        if (report.Log is { } log)
        {
            File.WriteAllText(Path.Combine(outDir, LogPlan.FileName), log.NLogXml);
            report.Written.Add(LogPlan.FileName);
        }
        if (!report.Env.IsEmpty)
        {
            File.WriteAllText(Path.Combine(outDir, EnvFileWriter.FileName), EnvFileWriter.Render(report.Env));
            report.Written.Add(EnvFileWriter.FileName);
        }
    }

    // -D flags worth carrying include those a config reads with ${sys:NAME}.
    private static HashSet<string> SysPropertiesRead(IReadOnlyList<string> files)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in files)
        {
            foreach (Match m in SysLookup().Matches(File.ReadAllText(f, System.Text.Encoding.Latin1)))
            {
                keys.Add(m.Groups[1].Value);
            }
        }
        return keys;
    }

    [GeneratedRegex(@"\$\{sys:([^}:]+)")]
    private static partial Regex SysLookup();
}
