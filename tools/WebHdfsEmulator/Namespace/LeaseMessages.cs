namespace FlumeNet.Tools.WebHdfsEmulator.Namespace;

/// <summary>The wording the NameNode uses for lease conflicts, shared by real conflicts and injected faults.</summary>
internal static class LeaseMessages
{
    /// <summary>Every client of the emulator connects over loopback.</summary>
    public const string ClientMachine = "127.0.0.1";

    public static string Conflict(string op, HdfsPath path, string requester, string holder) => op switch
    {
        "CREATE" => $"failed to create file {path} for {requester} for client {ClientMachine} because this file is already being created by {holder} on {ClientMachine}",
        _ => $"Failed to {FileOp(op)} {path} for {requester} on {ClientMachine} because this file lease is currently owned by {holder} on {ClientMachine}",
    };

    public static string RecoveryInProgress(string op, HdfsPath path, string requester) =>
        $"Failed to {FileOp(op)} {path} for {requester} on {ClientMachine} because lease recovery is in progress. Try again later.";

    private static string FileOp(string op) => op switch
    {
        "CREATE" => "CREATE_FILE",
        "APPEND" => "APPEND_FILE",
        "TRUNCATE" => "TRUNCATE_FILE",
        _ => op,
    };
}
