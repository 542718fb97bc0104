namespace FlumeNet.Tools.WebHdfsEmulator.Faults;

/// <summary>What an injected fault does to the request it hits.</summary>
public enum FaultKind
{
    /// <summary>403 AlreadyBeingCreatedException (lease held by another client).</summary>
    Lease,

    /// <summary>403 RecoveryInProgressException ("lease recovery is in progress. Try again later.").</summary>
    Recovery,

    /// <summary>The rule's status with a RemoteException body.</summary>
    Status,

    /// <summary>Reads part of the request body, then aborts the connection without writing anything.</summary>
    Reset,

    /// <summary>Applies the first half of the upload (or sends the first half of an OPEN), then aborts the connection.</summary>
    Partial,

    /// <summary>Waits the rule's delay, then serves the request normally.</summary>
    Slow,

    /// <summary>403 StandbyException, as a standby NameNode answers.</summary>
    Standby,
}
