namespace FlumeNet.Agent.Sinks.Hdfs;

/// <summary>
/// An exclusive lock per writer identity and tree on this host (a file under the temp folder, locked for the life of the
/// process): while this process holds it, no other live process on the host writes with the same tag, so an own
/// leftover not open here belongs to a dead writer. On the local disk nothing can land in it any more, so it is
/// finished at once instead of after the safe age.
/// </summary>
internal static class WriterLock
{
    private static readonly Dictionary<string, FileStream?> Held = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    /// <summary>True when this process holds (or now took) the lock of <paramref name="tag"/>.</summary>
    public static bool TryHold(string tag)
    {
        lock (Gate)
        {
            if (Held.TryGetValue(tag, out var held))
            {
                return held is not null;
            }
            FileStream? stream = null;
            try
            {
                var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "flumenet-hdfs-writers")).FullName;
                stream = new FileStream(Path.Combine(dir, tag + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Taken by another live process with this identity (or the folder is unusable): rely on the safe age.
                return false;
            }
            Held[tag] = stream;
            return true;
        }
    }
}
