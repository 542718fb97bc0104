using NLog;
using NLog.Config;
using NLog.Targets;

namespace FlumeNet.Agent.Hosting;

/// <summary>
/// Logging as Flume 1.9 / EMR set it up: <c>-Dflume.root.logger=LEVEL,console|LOGFILE</c> (default <c>INFO,LOGFILE</c>),
/// <c>-Dflume.log.dir</c> (default <c>./logs</c>), <c>-Dflume.log.file</c> (default <c>flume.log</c>), the file rolling at
/// 100 MB and keeping 10. The console appender writes journald's priority prefixes instead of timestamps when stderr is the
/// journal (a systemd unit). Without <c>-Dflume.root.logger</c>, an <c>nlog.config</c> in the <c>--conf</c> folder wins.
/// </summary>
public static class AgentLogging
{
    /// <summary>Flume's log4j layout <c>%d{dd MMM yyyy HH:mm:ss,SSS} %-5p [%t] (%C.%M:%L) %x - %m%n</c>, with the logger for the call site.</summary>
    public const string Layout =
        "${date:format=dd MMM yyyy HH\\:mm\\:ss,fff} ${level:uppercase=true:padding=-5} [${threadname:whenEmpty=${threadid}}] (${logger}) - ${message}${onexception:${newline}${exception:format=tostring}}";

    public static void Configure(IReadOnlyDictionary<string, string> systemProperties, string? confDir)
    {
        ArgumentNullException.ThrowIfNull(systemProperties);
        // Relative to the working directory, as log4j resolves it (NLog would resolve against the program's folder).
        var logDir = Path.GetFullPath(systemProperties.GetValueOrDefault("flume.log.dir") ?? "./logs");
        var logFile = systemProperties.GetValueOrDefault("flume.log.file") ?? "flume.log";
        var nlogConfig = confDir is null ? null : Path.Combine(confDir, "nlog.config");
        if (!systemProperties.ContainsKey("flume.root.logger") && nlogConfig is not null && File.Exists(nlogConfig))
        {
            LogManager.Configuration = new XmlLoggingConfiguration(nlogConfig);
            LogManager.Configuration.Variables["flumeLogDir"] = logDir;
            LogManager.Configuration.Variables["flumeLogFile"] = logFile;
            LogManager.ReconfigExistingLoggers();
            return;
        }
        var (level, appender) = ParseRootLogger(systemProperties.GetValueOrDefault("flume.root.logger") ?? "INFO,LOGFILE");
        var config = new LoggingConfiguration();
        Target target = appender.Equals("console", StringComparison.OrdinalIgnoreCase)
            ? new ConsoleTarget("console") { Layout = JournalLayout.StderrIsJournal(Environment.GetEnvironmentVariable(JournalLayout.StreamVariable)) ? new JournalLayout() : Layout, StdErr = true }
            : new FileTarget("LOGFILE")
            {
                FileName = Path.Combine(logDir, logFile),
                Layout = Layout,
                ArchiveAboveSize = 100L * 1024 * 1024,
                MaxArchiveFiles = 10,
                KeepFileOpen = true,
            };
        config.AddRule(level, LogLevel.Fatal, target);
        if (!OptionsRaw(systemProperties))
        {
            // Event bodies are logged only with -Dorg.apache.flume.log.rawdata=true, as in Flume: a final rule without
            // targets leaves the logger disabled, so no event is even formatted.
            config.LoggingRules.Insert(0, new LoggingRule("FlumeNet.Agent.RawData") { Final = true });
        }
        LogManager.Configuration = config;
    }

    public static bool OptionsRaw(IReadOnlyDictionary<string, string> systemProperties) =>
        string.Equals(systemProperties.GetValueOrDefault("org.apache.flume.log.rawdata"), "true", StringComparison.OrdinalIgnoreCase);

    private static (LogLevel Level, string Appender) ParseRootLogger(string value)
    {
        var parts = value.Split(',', 2, StringSplitOptions.TrimEntries);
        var level = parts[0].ToUpperInvariant() switch
        {
            "TRACE" or "ALL" => LogLevel.Trace,
            "DEBUG" => LogLevel.Debug,
            "WARN" => LogLevel.Warn,
            "ERROR" => LogLevel.Error,
            "FATAL" => LogLevel.Fatal,
            "OFF" => LogLevel.Off,
            _ => LogLevel.Info,
        };
        return (level, parts.Length > 1 ? parts[1] : "LOGFILE");
    }
}
