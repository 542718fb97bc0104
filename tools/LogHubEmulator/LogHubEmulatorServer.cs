using System.Net;
using FlumeNet.Tools.LogHubEmulator.Diagnostics;
using FlumeNet.Tools.LogHubEmulator.Http;
using FlumeNet.Tools.LogHubEmulator.Protobuf;
using FlumeNet.Tools.LogHubEmulator.Protocol;
using FlumeNet.Tools.LogHubEmulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlumeNet.Tools.LogHubEmulator;

/// <summary>
/// A LogHub-compatible HTTP server on 127.0.0.1, hostable in-process. Besides the LogHub API it offers test
/// controls: injected faults, shard split, request statistics and a dump of the stored logs (also over HTTP
/// under <c>/_emulator/</c>).
/// </summary>
public sealed class LogHubEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorStore _store;
    private readonly FaultInjector _faults;
    private readonly RequestStatistics _statistics;
    private ServiceConditions _conditions = new();
    private int _stopped;

    private LogHubEmulatorServer(LogHubEmulatorOptions options, WebApplication app, EmulatorStore store, FaultInjector faults, RequestStatistics statistics, int port)
    {
        Options = options;
        _app = app;
        _store = store;
        _faults = faults;
        _statistics = statistics;
        Port = port;
        BaseUri = new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary>http://127.0.0.1:PORT</summary>
    public Uri BaseUri { get; }

    public int Port { get; }

    public LogHubEmulatorOptions Options { get; }

    /// <summary>The project used when the Host header names none.</summary>
    public string? DefaultProject => _store.DefaultProject;

    /// <summary>Starts listening; creates the configured project and logstore if they do not exist yet.</summary>
    public static async Task<LogHubEmulatorServer> StartAsync(LogHubEmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Logstore is not null && options.Project is null)
        {
            throw new ArgumentException("a logstore needs a project", nameof(options));
        }

        var persistence = options.StateDirectory is null ? null : new StatePersistence(options.StateDirectory);
        var store = new EmulatorStore(options.Clock, persistence, options.Project);
        if (options.Project is not null)
        {
            store.CreateProject(options.Project, string.Empty, ifMissing: true);
            if (options.Logstore is not null)
            {
                store.CreateLogstore(options.Project, options.Logstore, 30, options.Shards, ifMissing: true);
            }
        }

        var faults = new FaultInjector();
        var statistics = new RequestStatistics();
        var conditions = new ServiceConditions();
        foreach (var (key, actions) in options.RamPolicies)
        {
            conditions.SetPolicy(key, actions);
        }

        var verifier = new SignatureVerifier(options.AllAccessKeys(), options.Clock, options.MaxClockSkew, () => conditions.ClockOffset);
        var dispatcher = new RequestDispatcher(store, new HostProjectResolver(options.EndpointHosts), verifier, faults, statistics, conditions, options.RequestLog);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, NoopHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        var app = builder.Build();
        app.Run(dispatcher.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LogHubEmulatorServer(options, app, store, faults, statistics, new Uri(address).Port) { _conditions = conditions };
    }

    /// <summary>Sets the RAM policy of an AccessKey: the actions it may call (<c>log:…</c>); null: everything.</summary>
    public void SetRamPolicy(string accessKeyId, IEnumerable<string>? actions) => _conditions.SetPolicy(accessKeyId, actions);

    /// <summary>Steps the clock the signature check uses, as if clients' clocks were off by minus this much.</summary>
    public void SetClockOffset(TimeSpan offset) => _conditions.ClockOffset = offset;

    /// <summary>Largest PutLogs body accepted before compression (the service: 10 MB).</summary>
    public void SetMaxPutRawBytes(int bytes) => _conditions.MaxPutRawBytes = bytes;

    /// <summary>The next <see cref="LogHubFault.Count"/> matching requests fail (or are delayed) as described.</summary>
    public void AddFault(LogHubFault fault) => _faults.Add(fault);

    public void ClearFaults() => _faults.Clear();

    /// <summary>Creates the project (if missing) and the logstore (if missing).</summary>
    public void CreateLogstore(string project, string logstore, int shards = 2)
    {
        _store.CreateProject(project, string.Empty, ifMissing: true);
        _store.CreateLogstore(project, logstore, 30, shards, ifMissing: true);
    }

    /// <summary>Stores a LogGroup as PutLogs would (in <paramref name="shard"/>, or round-robin); returns the shard.</summary>
    public int PutLogGroup(string project, string logstore, LogGroupRecord group, int? shard = null) =>
        _store.Put(project, logstore, null, LogGroupSerializer.SerializeGroup(group), shard);

    public IReadOnlyList<LogHubShardInfo> ListShards(string project, string logstore) => _store.ListShards(project, logstore);

    /// <summary>Splits a readwrite shard at the middle of its key range; returns the parent (now readonly) and both children.</summary>
    public IReadOnlyList<LogHubShardInfo> SplitShard(string project, string logstore, int shard) => _store.SplitShard(project, logstore, shard, null);

    public LogHubEmulatorStatistics GetStatistics() => _statistics.Snapshot();

    public void ResetStatistics() => _statistics.Reset();

    /// <summary>Every stored log of a logstore, shard by shard, in cursor order.</summary>
    public IReadOnlyList<LogHubStoredLog> GetLogs(string project, string logstore) => _store.Dump(project, logstore);

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
