using NLog;
using NLog.Layouts;

namespace FlumeNet.Agent.Hosting;

/// <summary>
/// Console lines for journald (stderr connected to the journal, <c>$JOURNAL_STREAM</c>): each starts with the sd-daemon(3)
/// priority prefix (<c>&lt;3&gt;</c> error … <c>&lt;7&gt;</c> debug) that journald turns into the entry's PRIORITY, and carries
/// no timestamp, which the journal records itself.
/// </summary>
public sealed class JournalLayout : Layout
{
    public const string StreamVariable = "JOURNAL_STREAM";

    private static readonly Layout Inner = Layout.FromString(
        "[${threadname:whenEmpty=${threadid}}] (${logger}) - ${message}${onexception:${newline}${exception:format=tostring}}");

    /// <summary>Whether stderr is the journal stream systemd announced (<c>$JOURNAL_STREAM</c> is <c>device:inode</c>).</summary>
    public static bool StderrIsJournal(string? journalStream)
    {
        if (string.IsNullOrEmpty(journalStream) || journalStream.Split(':') is not [_, var inode])
        {
            return false;
        }
        try
        {
            // /proc/self/fd/2 links to "socket:[INODE]" when stderr is a socket.
            return new FileInfo("/proc/self/fd/2").LinkTarget == $"socket:[{inode}]";
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static int Priority(LogLevel level) =>
        level == LogLevel.Fatal ? 2
        : level == LogLevel.Error ? 3
        : level == LogLevel.Warn ? 4
        : level == LogLevel.Info ? 6
        : 7;

    protected override string GetFormattedMessage(LogEventInfo logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        var prefix = $"<{Priority(logEvent.Level)}>";
        // journald reads a prefix per line: continuation lines (stack traces, the topology summary) keep the priority.
        return prefix + Inner.Render(logEvent).ReplaceLineEndings(Environment.NewLine + prefix);
    }
}
