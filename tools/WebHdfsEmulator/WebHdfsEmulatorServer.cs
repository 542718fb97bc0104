using FlumeNet.Tools.WebHdfsEmulator.Admin;
using FlumeNet.Tools.WebHdfsEmulator.Diagnostics;
using FlumeNet.Tools.WebHdfsEmulator.Faults;
using FlumeNet.Tools.WebHdfsEmulator.Handlers;
using FlumeNet.Tools.WebHdfsEmulator.Hosting;
using FlumeNet.Tools.WebHdfsEmulator.Namespace;
using Microsoft.AspNetCore.Http;

namespace FlumeNet.Tools.WebHdfsEmulator;

/// <summary>
/// A WebHDFS-compatible server over a local folder: a NameNode port and a DataNode port on 127.0.0.1 (one HttpFS port
/// in HttpFS mode), plus the /_emulator/ admin API on the NameNode port. Start with <see cref="StartAsync"/>,
/// stop with <see cref="DisposeAsync"/>. All members are thread-safe.
/// </summary>
public sealed class WebHdfsEmulatorServer : IAsyncDisposable
{
    private readonly EmulatorState _state;
    private readonly LoopbackHost _nameNode;
    private readonly LoopbackHost? _dataNode;
    private int _disposed;

    private WebHdfsEmulatorServer(EmulatorState state, LoopbackHost nameNode, LoopbackHost? dataNode)
    {
        _state = state;
        _nameNode = nameNode;
        _dataNode = dataNode;
    }

    /// <summary>http://127.0.0.1:port of the NameNode (the HttpFS gateway in HttpFS mode).</summary>
    public Uri NameNodeUri => new($"{_state.Scheme}://127.0.0.1:{_nameNode.Port}");

    /// <summary>http://127.0.0.1:port of the DataNode; the same as <see cref="NameNodeUri"/> in HttpFS mode.</summary>
    public Uri DataNodeUri => new($"{_state.Scheme}://127.0.0.1:{(_dataNode ?? _nameNode).Port}");

    /// <summary>Full path of the local folder that holds the namespace.</summary>
    public string RootDirectory => _state.Namespace.Root;

    public bool IsHttpFs => _state.Options.HttpFs;

    /// <summary>While true every WebHDFS operation fails with 403 StandbyException (HA failover tests flip it).</summary>
    public bool Standby
    {
        get => _state.Standby;
        set => _state.Standby = value;
    }

    public static async Task<WebHdfsEmulatorServer> StartAsync(WebHdfsEmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.RootDirectory, nameof(options));
        var state = new EmulatorState(options, Path.GetFullPath(options.RootDirectory));
        var admin = new AdminApi(state);
        LoopbackHost? dataNode = null;
        if (!options.HttpFs)
        {
            dataNode = await LoopbackHost.StartAsync(options.DataNodePort, new DataNodeEndpoint(state).HandleAsync, options.TlsCertificate, cancellationToken).ConfigureAwait(false);
            state.DataNodePort = dataNode.Port;
        }
        EndpointBase nameNodeEndpoint = options.HttpFs ? new HttpFsEndpoint(state) : new NameNodeEndpoint(state);
        LoopbackHost nameNode;
        try
        {
            nameNode = await LoopbackHost.StartAsync(options.NameNodePort, WithAdmin(admin, nameNodeEndpoint), options.TlsCertificate, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (dataNode is not null)
            {
                await dataNode.DisposeAsync().ConfigureAwait(false);
            }
            throw;
        }
        state.NameNodePort = nameNode.Port;
        if (options.HttpFs)
        {
            state.DataNodePort = nameNode.Port;
        }
        return new WebHdfsEmulatorServer(state, nameNode, dataNode);
    }

    /// <summary>The local file or folder that holds an HDFS path such as /logs/a.txt.</summary>
    public string GetLocalPath(string hdfsPath) => HdfsPath.Parse(hdfsPath).ToLocal(RootDirectory);

    /// <summary>Arms a fault rule; see <see cref="FaultRule"/>.</summary>
    public void AddFault(FaultRule rule) => _state.FaultRules.Add(rule);

    /// <summary>Disarms all fault rules and returns how many were pending.</summary>
    public int ClearFaults() => _state.FaultRules.Clear();

    public IReadOnlyList<PendingFault> PendingFaults => _state.FaultRules.Pending();

    /// <summary>Drops every write lease, including ones lingering after aborted uploads.</summary>
    public void ClearLeases() => _state.Namespace.Leases.Clear();

    public EmulatorStats GetStats() => _state.Stats.Snapshot();

    public void ResetStats() => _state.Stats.Reset();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _nameNode.DisposeAsync().ConfigureAwait(false);
        if (_dataNode is not null)
        {
            await _dataNode.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static RequestDelegate WithAdmin(AdminApi admin, EndpointBase endpoint) =>
        context => AdminApi.Handles(context) ? admin.HandleAsync(context) : endpoint.HandleAsync(context);
}
