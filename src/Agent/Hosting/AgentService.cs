using System.Net;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Monitoring;
using FlumeNet.Agent.Registry;
using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Loading;
using FlumeNet.ConfigParser.Model;
using Microsoft.Extensions.Hosting;
using NLog;

namespace FlumeNet.Agent.Hosting;

/// <summary>
/// The one hosted service that owns the agent's topology: loads and validates the config (every dropped component is an
/// ERROR line, then a summary of what runs; <c>--strict</c> refuses to start on any error), starts the topology in Flume's
/// order, serves metrics, polls the config files for changes (a changed config with errors keeps the running topology),
/// and on shutdown stops sources, then sinks, then channels.
/// </summary>
public sealed class AgentService : IHostedService, IDisposable
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly AgentSettings _settings;
    private readonly TopologyBuilder _builder = new(ComponentRegistry.Current);
    private readonly object _lock = new();
    private RunningTopology? _running;
    private MetricsHttpServer? _metrics;
    private Timer? _poller;
    private Dictionary<string, DateTime> _mtimes = [];
    private readonly SystemdNotifier? _notifier;
    // Set by StopAsync: a reload queued behind the stop (SIGHUP, the poller) must not start a topology again.
    private bool _stopped;

    public AgentService(AgentSettings settings) : this(settings, null)
    {
    }

    /// <param name="notifier">Told RELOADING=1 / READY=1 around each reload (the host sends the first READY=1).</param>
    public AgentService(AgentSettings settings, SystemdNotifier? notifier)
    {
        _settings = settings;
        _notifier = notifier;
    }

    /// <summary>The live topology (for tests and metrics).</summary>
    public Topology? Topology => _running?.Topology;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _mtimes = ReadMtimes();
        var monitoring = MonitoringSettings();
        var agent = Load(out var errors, out var dropped);
        if (errors > 0 && _settings.Strict)
        {
            throw new StartupException($"the config has {errors} error(s) (see above) and --strict is set; not starting");
        }
        if (agent is null)
        {
            throw new StartupException($"the config defines no valid agent '{_settings.AgentName}'; nothing to run");
        }
        var topology = _builder.Build(agent);
        if (topology.BuildErrors.Count > 0 && _settings.Strict)
        {
            throw new StartupException(string.Join("; ", topology.BuildErrors));
        }
        var running = new RunningTopology(topology);
        running.Start(_settings.Strict);
        _running = running;
        dropped.AddRange(topology.BuildErrors.Select(e => $"dropped: {e}"));
        // /metrics listens before the "started" line, so whoever waits for that line (operators, scripts) can read it.
        StartMonitoring(monitoring);
        Log.Info("Agent '{Agent}' started:{NewLine}{Topology}", _settings.AgentName, Environment.NewLine,
            string.Join(Environment.NewLine, new[] { running.Topology.Describe() }.Concat(dropped)));
        var interval = _settings.PollInterval;
        if (interval is { } every && every > TimeSpan.Zero)
        {
            _poller = new Timer(_ => Poll(), null, every, every);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _stopped = true;
            _poller?.Dispose();
            _poller = null;
            _running?.Stop();
            _metrics?.Dispose();
            _metrics = null;
        }
        Log.Info("Agent '{Agent}' stopped; {Memory}", _settings.AgentName, MemorySummary());
        return Task.CompletedTask;
    }

    // What the garbage collector did over the agent's life: the figures footprint and CPU tuning are judged by.
    private static string MemorySummary()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"GC: {GC.CollectionCount(0)} gen0, {GC.CollectionCount(1)} gen1, {GC.CollectionCount(2)} gen2 collections, {GC.GetTotalPauseDuration().TotalMilliseconds:0} ms paused, " +
            $"{GC.GetTotalAllocatedBytes() / 1048576} MB allocated, heap {info.HeapSizeBytes / 1048576} MB, committed {info.TotalCommittedBytes / 1048576} MB, " +
            $"working set {Environment.WorkingSet / 1048576} MB");
    }

    public void Dispose()
    {
        _poller?.Dispose();
        _metrics?.Dispose();
        _running?.Dispose();
    }

    private AgentConfig? Load(out int errors, out List<string> dropped)
    {
        foreach (var f in _settings.ConfigFiles)
        {
            Log.Info("Reloading configuration file:{File}", Path.GetFullPath(f));
        }
        var options = new LoadOptions(_settings.ConfigFiles, _settings.AgentName, _settings.SystemProperties,
            Environment.GetEnvironmentVariable, DateTimeOffset.Now, ComponentRegistry.Current);
        var result = ConfigLoader.Load(options);
        errors = 0;
        foreach (var d in result.SortedDiagnostics)
        {
            if (d.IsError)
            {
                errors++;
                Log.Error("Config: {Diagnostic}", d.ToText());
            }
            else
            {
                Log.Warn("Config: {Diagnostic}", d.ToText());
            }
        }
        var agent = result.Config.Agent(_settings.AgentName);
        dropped = agent is { IsValid: true } ? Dropped(agent, result.SortedDiagnostics) : [];
        return agent is { IsValid: true } ? agent : null;
    }

    // Components the config defines that will not run, each with the first error about it: the startup summary's tail.
    private static List<string> Dropped(AgentConfig agent, IReadOnlyList<Diagnostic> diagnostics)
    {
        var lines = new List<string>();
        foreach (var section in SectionKinds.All)
        {
            if (section == SectionKind.ConfigFilters)
            {
                continue;
            }
            foreach (var (name, component) in agent.Components(section))
            {
                if (agent.Active[section].Contains(name))
                {
                    continue;
                }
                var why = diagnostics.FirstOrDefault(d => d.IsError && (d.Key == component.Prefix || d.Key.StartsWith(component.Prefix + ".", StringComparison.Ordinal)))
                    ?? diagnostics.FirstOrDefault(d => d.Key == component.Prefix || d.Key.StartsWith(component.Prefix + ".", StringComparison.Ordinal));
                lines.Add(ControlText.Escape($"dropped: {section.Singular()} '{name}': {why?.Message ?? "not listed or not connected"}"));
            }
        }
        return lines;
    }

    private sealed record Monitoring(IPAddress Bind, int Port);

    /// <summary>Flume's monitoring properties, checked before anything starts: a wrong type, port or bind address is an error.</summary>
    private Monitoring? MonitoringSettings()
    {
        var props = _settings.SystemProperties;
        var type = props.GetValueOrDefault("flume.monitoring.type");
        if (string.IsNullOrWhiteSpace(type))
        {
            return null;
        }
        if (!string.Equals(type.Trim(), "http", StringComparison.OrdinalIgnoreCase))
        {
            throw new StartupException($"flume.monitoring.type '{ControlText.Escape(type)}' is not supported: this agent serves http only (Flume's ganglia and custom classes are not available)");
        }
        var portText = props.GetValueOrDefault("flume.monitoring.port");
        var port = 41414;
        if (portText is not null && (!int.TryParse(portText.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) || port > 65535))
        {
            throw new StartupException($"flume.monitoring.port '{ControlText.Escape(portText)}' is not a port number (0-65535)");
        }
        var bindText = props.GetValueOrDefault("flume.monitoring.bind")?.Trim();
        if (string.IsNullOrEmpty(bindText))
        {
            return new Monitoring(IPAddress.Any, port);
        }
        if (IPAddress.TryParse(bindText, out var ip))
        {
            return new Monitoring(ip, port);
        }
        IPAddress[] addresses;
        try
        {
            addresses = Dns.GetHostAddresses(bindText);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new StartupException($"flume.monitoring.bind '{ControlText.Escape(bindText)}' does not resolve: {ex.Message}", ex);
        }
        // The host's own address, never every interface: IPv4 first, as Java's InetAddress.getByName prefers it.
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new StartupException($"flume.monitoring.bind '{ControlText.Escape(bindText)}' resolves to no address");
        return new Monitoring(chosen, port);
    }

    private void StartMonitoring(Monitoring? monitoring)
    {
        if (monitoring is not { } m)
        {
            return;
        }
        try
        {
            var server = new MetricsHttpServer(m.Bind, m.Port,
                () => _running is { } r ? MetricsSnapshot.ToJson(r.Topology) : "{}",
                () => _running is { } r ? MetricsSnapshot.ToPrometheus(r.Topology) : string.Empty);
            server.Start();
            _metrics = server;
            Log.Info("Metrics served at http://{Bind}:{Port}/metrics", m.Bind, server.Port);
        }
        catch (IOException ex)
        {
            // As in Flume, a monitoring server that cannot bind does not stop the agent.
            Log.Error("Monitoring is off: {Reason}", ex.Message);
        }
    }

    private Dictionary<string, DateTime> ReadMtimes()
    {
        var result = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var f in _settings.ConfigFiles)
        {
            result[f] = File.Exists(f) ? File.GetLastWriteTimeUtc(f) : DateTime.MinValue;
        }
        return result;
    }

    // Flume's poller: any file newer than last seen triggers a full reload. A deleted file counts as unchanged.
    private void Poll()
    {
        lock (_lock)
        {
            if (_running is not { } old || _stopped)
            {
                return;
            }
            var now = ReadMtimes();
            var changed = false;
            foreach (var (f, t) in now)
            {
                changed |= t > _mtimes.GetValueOrDefault(f);
            }
            if (!changed)
            {
                return;
            }
            _mtimes = now;
            ReloadLocked(old);
        }
    }

    /// <summary>
    /// Reloads the config now, changed or not (SIGHUP, <c>systemctl reload</c>), also under <c>--no-reload-conf</c>: a config
    /// with errors keeps the running topology, as the poller does.
    /// </summary>
    public void Reload()
    {
        lock (_lock)
        {
            if (_running is not { } old || _stopped)
            {
                return;
            }
            Log.Info("Reload requested (SIGHUP)");
            _mtimes = ReadMtimes();
            ReloadLocked(old);
        }
    }

    private void ReloadLocked(RunningTopology old)
    {
        _notifier?.Reloading();
        try
        {
            var agent = Load(out var errors, out var dropped);
            if (errors > 0 || agent is null)
            {
                Log.Error("The changed config has {Errors} error(s); keeping the running topology (Flume would run nothing)", errors);
                return;
            }
            var channels = new Dictionary<string, IChannel>(old.Topology.Channels, StringComparer.Ordinal);
            // Sources then sinks stop first; channels are kept so that memory channels of the same name carry their events over.
            old.Stop(final: false);
            var next = new RunningTopology(_builder.Build(agent, channels));
            next.Start(strict: false);
            _running = next;
            Log.Info("Agent '{Agent}' reloaded:{NewLine}{Topology}", _settings.AgentName, Environment.NewLine,
                string.Join(Environment.NewLine, new[] { next.Topology.Describe() }.Concat(dropped)));
        }
        finally
        {
            _notifier?.Ready($"Agent '{_settings.AgentName}' running");
        }
    }
}
