using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using System.Runtime.InteropServices;
using NLog;

namespace FlumeNet.Agent.Hosting;

/// <summary>Runs an agent until SIGTERM/SIGINT: exit 0 after a clean shutdown, 1 when it refuses to start.</summary>
public static class AgentHostRunner
{
    public static int Run(AgentSettings settings, string? confDir, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(stderr);
        AgentLogging.Configure(settings.SystemProperties, confDir);
        if (confDir is not null)
        {
            // Hadoop's core-site.xml / hdfs-site.xml are looked for in --conf first, as Flume's classpath does.
            Environment.SetEnvironmentVariable(Sinks.Hdfs.HdfsSinkBinding.ConfDirVariable, Path.GetFullPath(confDir));
        }
        Environment.SetEnvironmentVariable(Sinks.Hdfs.HdfsSinkBinding.AgentNameVariable, settings.AgentName);
        var log = LogManager.GetLogger("FlumeNet.Agent");
        log.Info("FlumeNet {Version} (runs Flume {Flume} configs) starting agent '{Agent}', pid {Pid}, working directory {Cwd}",
            Cli.VersionCommand.ProductVersion, Cli.VersionCommand.FlumeCompatibility, settings.AgentName, Environment.ProcessId, Environment.CurrentDirectory);
        foreach (var note in settings.StartupNotes)
        {
            log.Info("{Note}", note);
        }
        try
        {
            if (MemoryLimit.Apply(settings.SystemProperties) is { } limit)
            {
                log.Info("{Limit}", limit);
            }
        }
        catch (StartupException ex)
        {
            log.Error("Agent '{Agent}' not started: {Reason}", settings.AgentName, ex.Message);
            stderr.WriteLine($"flume-ng: agent '{settings.AgentName}' not started: {ex.Message}");
            LogManager.Shutdown();
            return 1;
        }
        using var notifier = SystemdNotifier.FromEnvironment();
        var service = new AgentService(settings, notifier);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(settings);
        builder.Services.AddHostedService(_ => service);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        try
        {
            using var host = builder.Build();
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            // ApplicationStarted fires after AgentService.StartAsync returned, i.e. with every source listening.
            lifetime.ApplicationStarted.Register(() => notifier.Ready($"Agent '{settings.AgentName}' running"));
            if (StartupTrim.Enabled(settings.SystemProperties))
            {
                lifetime.ApplicationStarted.Register(() => ThreadPool.UnsafeQueueUserWorkItem(_ => TrimSafely(log), null));
            }
            lifetime.ApplicationStopping.Register(notifier.Stopping);
            // SIGHUP (systemctl reload) reloads the config; without a handler it would end the process.
            using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                ThreadPool.UnsafeQueueUserWorkItem(_ => ReloadSafely(service, log), null);
            });
            host.Run();
            return 0;
        }
        catch (StartupException ex)
        {
            log.Error("Agent '{Agent}' not started: {Reason}", settings.AgentName, ex.Message);
            stderr.WriteLine($"flume-ng: agent '{settings.AgentName}' not started: {ex.Message}");
            return 1;
        }
        finally
        {
            LogManager.Shutdown();
        }
    }

    private static void TrimSafely(Logger log)
    {
        try
        {
            var released = StartupTrim.Run();
            log.Debug("Start-up pages unmapped after the start: {Mb:0.0} MB", released / 1048576.0);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            log.Debug("Start-up trim skipped: {Reason}", ex.Message);
        }
    }

    private static void ReloadSafely(AgentService service, Logger log)
    {
        try
        {
            service.Reload();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            log.Error(ex, "Reload on SIGHUP failed; the agent runs on with what it had: {Reason}", ex.Message);
        }
    }
}
