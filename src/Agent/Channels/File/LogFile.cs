using Microsoft.Win32.SafeHandles;

namespace FlumeNet.Agent.Channels.Files;

/// <summary>One <c>flumenet-log-N</c> file: its id, directory and an open handle used for appends (while active) and reads.</summary>
internal sealed class LogFile : IDisposable
{
    public LogFile(int id, int dirIndex, string path, SafeFileHandle handle)
    {
        Id = id;
        DirIndex = dirIndex;
        Path = path;
        Handle = handle;
    }

    public int Id { get; }

    public int DirIndex { get; }

    public string Path { get; }

    public SafeFileHandle Handle { get; }

    public static string NameOf(int id) => LogFormat.LogFilePrefix + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <returns>The id in a <c>flumenet-log-N</c> name, or -1.</returns>
    public static int IdOf(string fileName) =>
        fileName.StartsWith(LogFormat.LogFilePrefix, StringComparison.Ordinal)
        && int.TryParse(fileName.AsSpan(LogFormat.LogFilePrefix.Length), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : -1;

    public void Dispose() => Handle.Dispose();
}
