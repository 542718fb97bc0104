using FlumeNet.Tools.WebHdfsEmulator.Diagnostics;
using FlumeNet.Tools.WebHdfsEmulator.Faults;
using FlumeNet.Tools.WebHdfsEmulator.Handlers;
using FlumeNet.Tools.WebHdfsEmulator.Namespace;
using FlumeNet.Tools.WebHdfsEmulator.Security;

namespace FlumeNet.Tools.WebHdfsEmulator;

/// <summary>Everything the NameNode, DataNode, HttpFS and admin endpoints of one emulator share.</summary>
internal sealed class EmulatorState
{
    private volatile bool _standby;
    private volatile int _nameNodePort;
    private volatile int _dataNodePort;

    public EmulatorState(WebHdfsEmulatorOptions options, string root)
    {
        Options = options;
        Namespace = new LocalNamespace(root, options.DefaultReplication, options.DefaultBlockSize, new LeaseManager(options.Clock))
        {
            TruncateRecovery = options.TruncateRecovery,
        };
        Transfer = new DataTransfer(Namespace, options.AbortedLeaseHold, options.CutCloseDelay);
        FaultGate = new FaultGate(FaultRules, Stats, Namespace.Leases);
        _standby = options.Standby;
        Tokens = new DelegationTokens(options.DelegationTokenLifetime, options.DelegationTokenMaxLifetime, options.Clock);
    }

    public WebHdfsEmulatorOptions Options { get; }

    public LocalNamespace Namespace { get; }

    public DataTransfer Transfer { get; }

    public FaultInjector FaultRules { get; } = new();

    public FaultGate FaultGate { get; }

    public RequestStats Stats { get; } = new();

    public DelegationTokens Tokens { get; }

    public bool Standby
    {
        get => _standby;
        set => _standby = value;
    }

    public int NameNodePort
    {
        get => _nameNodePort;
        set => _nameNodePort = value;
    }

    public int DataNodePort
    {
        get => _dataNodePort;
        set => _dataNodePort = value;
    }

    /// <summary>http, or https with a TLS certificate.</summary>
    public string Scheme => Options.TlsCertificate is null ? "http" : "https";

    /// <summary>The value the NameNode puts into namenoderpcaddress and the DataNode into its webhdfs:// Location.</summary>
    public string NameNodeAddress => $"127.0.0.1:{NameNodePort}";
}
