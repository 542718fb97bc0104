namespace FlumeNet.Tools.WebHdfsEmulator.Protocol;

/// <summary>The WebHDFS operations the emulator implements.</summary>
internal enum WebHdfsOp
{
    Open,
    GetFileStatus,
    ListStatus,
    GetHomeDirectory,
    Create,
    Mkdirs,
    Rename,
    SetPermission,
    SetOwner,
    Append,
    Truncate,
    Delete,
    GetDelegationToken,
    RenewDelegationToken,
    CancelDelegationToken,
}
