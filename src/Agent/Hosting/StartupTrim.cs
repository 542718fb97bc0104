using System.Globalization;
using System.Runtime.InteropServices;

namespace FlumeNet.Agent.Hosting;

/// <summary>
/// Gives back, once the agent runs, the memory only its start needed: a compacting collection returns the start's garbage
/// (config model, registry, diagnostics) and decommits the freed heap, and the program's read-only file pages (code and
/// constant data of every component the start touched: config checks, registry specs, NLog setup, hosting) are unmapped
/// from the process. Those pages are clean copies of the program file: they stay in the page cache, and any that is
/// needed again is mapped back on its first touch (a minor fault, no disk read). Only mappings of the program file
/// without write permission and without a single private (written) page are touched, so no data can be lost.
/// Native program only (see <see cref="Run"/>). <c>-Dflumenet.startupTrim=false</c> turns it off.
/// </summary>
public static class StartupTrim
{
    public const string Property = "flumenet.startupTrim";
    private const int MadvDontNeed = 4;

    /// <summary>False when the property turns the trim off.</summary>
    public static bool Enabled(IReadOnlyDictionary<string, string> systemProperties)
    {
        ArgumentNullException.ThrowIfNull(systemProperties);
        return !string.Equals(systemProperties.GetValueOrDefault(Property)?.Trim(), "false", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Collects, then unmaps the program's clean read-only pages; returns the bytes of pages unmapped. Only in the native
    /// program: in the JIT build the program file is the small apphost, and there the collection and the trim's own
    /// compiled code raised idle RSS by 2–3 MB (47.4 against 50.2–50.5 MB).
    /// </summary>
    public static long Run()
    {
        if (System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
        {
            return 0;
        }
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }
        string exe;
        try
        {
            exe = new FileInfo("/proc/self/exe").LinkTarget ?? string.Empty;
        }
        catch (IOException)
        {
            return 0;
        }
        long released = 0;
        foreach (var m in CleanReadOnlyMappings(File.ReadLines("/proc/self/smaps"), exe))
        {
            if (madvise((nint)m.Start, (nuint)(m.End - m.Start), MadvDontNeed) == 0)
            {
                released += m.RssBytes;
            }
        }
        return released;
    }

    internal readonly record struct Mapping(ulong Start, ulong End, long RssBytes);

    /// <summary>
    /// From <c>/proc/PID/smaps</c> text: the private mappings of <paramref name="path"/> without write permission whose
    /// resident pages are all file pages (Anonymous: 0 kB) and that hold any.
    /// </summary>
    internal static List<Mapping> CleanReadOnlyMappings(IEnumerable<string> smaps, string path)
    {
        var found = new List<Mapping>();
        ulong start = 0, end = 0;
        long rss = 0, anonymous = -1;
        var candidate = false;
        void Close()
        {
            if (candidate && anonymous == 0 && rss > 0)
            {
                found.Add(new Mapping(start, end, rss));
            }
            candidate = false;
        }
        foreach (var line in smaps)
        {
            if (Header(line) is { } h)
            {
                Close();
                (start, end) = (h.Start, h.End);
                candidate = h.Perms.Length == 4 && h.Perms[1] == '-' && h.Perms[3] == 'p' && path.Length > 0 && h.Path == path;
                rss = 0;
                anonymous = -1;
            }
            else if (line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                rss = Kb(line) * 1024;
            }
            else if (line.StartsWith("Anonymous:", StringComparison.Ordinal))
            {
                anonymous = Kb(line);
            }
        }
        Close();
        return found;
    }

    // "7f0c2a000000-7f0c2a021000 r-xp 00000000 08:01 1234   /path": the path may hold spaces, so it is what follows the inode.
    private static (ulong Start, ulong End, string Perms, string Path)? Header(string line)
    {
        var dash = line.IndexOf('-', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (dash <= 0 || space < dash
            || !ulong.TryParse(line.AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var s)
            || !ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var e))
        {
            return null;
        }
        var rest = line.AsSpan(space + 1);
        var fields = new string[4];
        for (var i = 0; i < 4; i++)
        {
            rest = rest.TrimStart(' ');
            var next = rest.IndexOf(' ');
            fields[i] = (next < 0 ? rest : rest[..next]).ToString();
            rest = next < 0 ? [] : rest[next..];
        }
        return (s, e, fields[0], rest.Trim().ToString());
    }

    private static long Kb(string line)
    {
        var digits = line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim();
        var unit = digits.IndexOf(' ');
        return long.TryParse(unit < 0 ? digits : digits[..unit], NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb : -1;
    }

    // DllImport rather than LibraryImport: the latter needs unsafe code enabled for the whole project.
    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int madvise(nint addr, nuint length, int advice);
}
