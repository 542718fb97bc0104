using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FlumeNet.LogHubLoadGen;

/// <summary>
/// Checks what the seed's topology wrote: every line under <c>datetime=YYMMDD/hour=HH</c> folders (at any depth below
/// the given folder, so several agents' outputs can be checked together) is a JSON log with a
/// <c>seq</c> and a <c>__time__</c>; each seq 0..count-1 must appear exactly once, in the folder of its record time in
/// this machine's time zone, and no in-use (<c>.tmp</c>) file may remain. Prints a table per partition.
/// </summary>
internal static class LandedLogsReport
{
    public static int Run(string directory, int count, TextWriter output)
    {
        var seen = new int[count];
        var wrongHour = 0;
        var foreign = 0;
        var leftovers = new List<string>();
        var rows = new List<(string Partition, int Files, int Lines)>();
        if (!Directory.Exists(directory))
        {
            output.WriteLine($"nothing landed: {directory} does not exist");
            return 1;
        }
        foreach (var dir in Directory.GetDirectories(directory, "hour=*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var partition = Path.GetRelativePath(directory, dir);
            // Several agents may write under one folder: the partition is the last two levels.
            var hourPart = Path.Combine(Path.GetFileName(Path.GetDirectoryName(dir)!), Path.GetFileName(dir));
            var files = Directory.GetFiles(dir);
            var lines = 0;
            foreach (var file in files)
            {
                if (file.EndsWith(".tmp", StringComparison.Ordinal))
                {
                    leftovers.Add(file);
                }
                foreach (var line in File.ReadLines(file, Encoding.UTF8))
                {
                    lines++;
                    if (!TryRead(line, out var seq, out var time) || seq < 0 || seq >= count)
                    {
                        foreign++;
                        continue;
                    }
                    seen[seq]++;
                    var local = DateTimeOffset.FromUnixTimeSeconds(time).ToLocalTime();
                    var expected = Path.Combine("datetime=" + local.ToString("yyMMdd", CultureInfo.InvariantCulture), "hour=" + local.ToString("HH", CultureInfo.InvariantCulture));
                    if (hourPart != expected)
                    {
                        wrongHour++;
                    }
                }
            }
            rows.Add((partition, files.Length, lines));
        }
        output.WriteLine($"{"partition",-34} {"files",5} {"logs",8}");
        foreach (var (partition, files, lines) in rows)
        {
            output.WriteLine($"{partition,-34} {files,5} {lines,8}");
        }
        var missing = seen.Count(n => n == 0);
        var duplicated = seen.Count(n => n > 1);
        var total = rows.Sum(r => r.Lines);
        output.WriteLine($"{"total",-34} {rows.Sum(r => r.Files),5} {total,8}");
        output.WriteLine($"expected {count} logs: {count - missing} landed, {missing} missing, {duplicated} duplicated, {wrongHour} in the wrong hour, {foreign} unreadable, {leftovers.Count} in-use files left");
        var ok = missing == 0 && duplicated == 0 && wrongHour == 0 && foreign == 0 && leftovers.Count == 0;
        output.WriteLine(ok ? "OK: every log landed exactly once, in the partition of its record time" : "FAILED");
        return ok ? 0 : 1;
    }

    private static bool TryRead(string line, out int seq, out long time)
    {
        seq = -1;
        time = 0;
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            return root.TryGetProperty("seq", out var s) && int.TryParse(s.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out seq)
                && root.TryGetProperty("__time__", out var t) && long.TryParse(t.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out time);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
