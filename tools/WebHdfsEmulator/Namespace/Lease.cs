namespace FlumeNet.Tools.WebHdfsEmulator.Namespace;

/// <summary>The write lease one upload holds on a file; see <see cref="LeaseManager"/>.</summary>
internal sealed class Lease(HdfsPath path, string holder)
{
    /// <summary>Current path: a rename of the file or of a parent folder moves the lease with it.</summary>
    public HdfsPath Path { get; set; } = path;

    /// <summary>DFSClient-style name of the writer, quoted in lease errors.</summary>
    public string Holder { get; } = holder;

    /// <summary>Null while the writer is active; set when it went away but the lease lingers until then.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
}
