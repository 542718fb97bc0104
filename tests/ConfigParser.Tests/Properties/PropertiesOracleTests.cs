using System.Globalization;
using System.Text;
using Xunit.Abstractions;
using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Properties;
using FlumeNet.ConfigParser.Tests.Oracle;

namespace FlumeNet.ConfigParser.Tests.Properties;

/// <summary>
/// Compares <see cref="PropertiesReader"/> (after the last-wins merge) with the JDK's own
/// <c>Properties.load(InputStream)</c> on random files built from tricky fragments. One java process for all files.
/// Set FLUMENET_ORACLE_SEED to replay a failing run.
/// </summary>
public sealed class PropertiesOracleTests(ITestOutputHelper output)
{
    private const int FragmentFiles = 200;
    private const int ByteFiles = 50;

    private static readonly string[] TameFragments =
    [
        "a", "key", "k.x", "v", "U", "=", ":", " ", "\t", "\f", "  ", "\\", "\\\\", "\\\\\\", "#", "!", " #", "x y",
        "\\u00e9", "\\u0041", "\\u20AC", "\\uD83D", "\\u003d", "\\u005C", "\\n", "\\t", "\\r", "\\f", "\\q", "\\ ",
        "\\=", "\\:", "\\#", "\\!", "\u00c3\u00a9", "\u00ff", "\u0080", "\u00a0", "\u0001", "\u000b", "\\\n",
        "\\\r\n", "\\\r", "\\u00\\\n   e9",
    ];

    // Only in some files: fragments that can form a malformed \u escape, where Java throws.
    private static readonly string[] WildFragments = ["\\u", "\\u0", "\\u00", "u", "00e9", "e9", "zz", "\\uzzzz"];

    private static readonly string[] LineEnds = ["\n", "\r", "\r\n"];

    private static readonly byte[] TrickyBytes = Encoding.Latin1.GetBytes("\\u0e9F=: \t\f\r\n#!ak\u00c3\u00ff\u0080");

    [JavaFact]
    public void RandomFiles_ReadExactlyAsTheJdkReadsThem()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FLUMENET_ORACLE_SEED"), out var s)
            ? s
            : Random.Shared.Next();
        var rng = new Random(seed);
        var dir = Directory.CreateTempSubdirectory("flumenet-oracle-");
        try
        {
            var files = new List<(string Path, byte[] Bytes)>();
            for (var i = 0; i < FragmentFiles + ByteFiles; i++)
            {
                var bytes = i < FragmentFiles ? FragmentFile(rng, wild: rng.Next(4) == 0) : ByteFile(rng);
                var path = Path.Combine(dir.FullName, $"{i}.properties");
                File.WriteAllBytes(path, bytes);
                files.Add((path, bytes));
            }

            var java = ParseOracle(JavaRuntime.RunSource("PropertiesOracle.java", files.Select(f => f.Path),
                TimeSpan.FromMinutes(2)));

            Assert.Equal(files.Count, java.Count);
            var divergences = new List<string>();
            for (var i = 0; i < files.Count; i++)
            {
                var ours = Ours(files[i].Bytes);
                if (ours != java[i])
                {
                    divergences.Add($"file {i} [{Escape(Encoding.Latin1.GetString(files[i].Bytes))}]\n" +
                        $"  java: {java[i].Replace("\n", "\n        ", StringComparison.Ordinal)}\n" +
                        $"  ours: {ours.Replace("\n", "\n        ", StringComparison.Ordinal)}");
                }
            }
            output.WriteLine($"seed {seed}: {files.Count} files compared, the JDK threw on " +
                $"{java.Count(f => f == "!ERROR")}, {java.Sum(f => f.Count(c => c == '\n'))} entries compared");
            Assert.True(divergences.Count == 0,
                $"seed {seed}: {divergences.Count} of {files.Count} files differ\n" +
                string.Join('\n', divergences.Take(5)));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static byte[] FragmentFile(Random rng, bool wild)
    {
        var sb = new StringBuilder();
        var lines = rng.Next(1, 12);
        for (var l = 0; l < lines; l++)
        {
            var parts = rng.Next(0, 9);
            for (var p = 0; p < parts; p++)
            {
                sb.Append(wild && rng.Next(5) == 0
                    ? WildFragments[rng.Next(WildFragments.Length)]
                    : TameFragments[rng.Next(TameFragments.Length)]);
            }
            if (l < lines - 1 || rng.Next(2) == 0)
            {
                sb.Append(LineEnds[rng.Next(LineEnds.Length)]);
            }
        }
        return Encoding.Latin1.GetBytes(sb.ToString());
    }

    private static byte[] ByteFile(Random rng)
    {
        var bytes = new byte[rng.Next(0, 120)];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = rng.Next(6) == 0 ? (byte)rng.Next(256) : TrickyBytes[rng.Next(TrickyBytes.Length)];
        }
        return bytes;
    }

    // The same text the Java oracle prints: an error line, or the merged entries sorted by key.
    private static string Ours(byte[] bytes)
    {
        var diagnostics = new DiagnosticBag();
        var entries = PropertiesReader.Read(bytes, "f", diagnostics);
        if (diagnostics.Items.Any(d => d.Code == DiagnosticCodes.MalformedUnicodeEscape))
        {
            return "!ERROR";
        }
        var merged = PropertySet.Merge([entries], new DiagnosticBag()).Entries.ToList();
        merged.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var sb = new StringBuilder();
        foreach (var e in merged)
        {
            sb.Append(Escape(e.Key)).Append('\t').Append(Escape(e.Value)).Append('\n');
        }
        return sb.ToString();
    }

    private static List<string> ParseOracle(string output)
    {
        var files = new List<string>();
        StringBuilder? current = null;
        foreach (var line in output.Split('\n'))
        {
            // Entry lines always hold a tab (keys print tabs escaped), so markers cannot be confused with keys.
            var marker = !line.Contains('\t', StringComparison.Ordinal);
            if (marker && line.StartsWith("== ", StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    files.Add(current.ToString());
                }
                current = new StringBuilder();
            }
            else if (marker && line.StartsWith("!ERROR", StringComparison.Ordinal))
            {
                current?.Append("!ERROR");
            }
            else if (line.Length > 0)
            {
                current?.Append(line).Append('\n');
            }
        }
        if (current is not null)
        {
            files.Add(current.ToString());
        }
        return files;
    }

    private static string Escape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c is >= ' ' and <= '~' and not '\\')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }
        return sb.ToString();
    }
}
