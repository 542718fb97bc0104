using System.Diagnostics;
using System.Text.RegularExpressions;
using FlumeNet.LogHubEmulator.Tests.Infrastructure;

namespace FlumeNet.LogHubEmulator.Tests.Cli;

/// <summary>The emulator as a process: one ready line on stdout, clean stop on SIGTERM.</summary>
public sealed partial class ProgramTests
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "FlumeNet.LogHubEmulator.dll");

    [Fact]
    public async Task Process_PrintsOneReadyLine_ServesWithItsKeys_AndStopsOnSigterm()
    {
        using var process = Start("--port", "0", "--access-key-id", "k1", "--access-key", "s1", "--project", "p1", "--logstore", "l1", "--shards", "3");
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var match = ReadyLine().Match(line ?? string.Empty);
            Assert.True(match.Success, $"unexpected first line '{line}'");

            using var client = new LogHubTestClient(new Uri($"http://127.0.0.1:{match.Groups[1].Value}"), TimeProvider.System, "k1", "s1");
            using var shards = await client.GetAsync("/logstores/l1/shards");
            Assert.Equal(3, (await LogHubAssert.OkJsonAsync(shards)).GetArrayLength());

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal(0, process.ExitCode);
            Assert.Equal(string.Empty, (await process.StandardOutput.ReadToEndAsync()).Trim());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [Fact]
    public async Task BadArguments_ExitWithCode2_AndUsage()
    {
        using var process = Start("--shards", "nope");

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, process.ExitCode);
        var error = await process.StandardError.ReadToEndAsync();
        Assert.Contains("--shards", error, StringComparison.Ordinal);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
    }

    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    [GeneratedRegex(@"^LogHub emulator listening on http://127\.0\.0\.1:(\d+)$")]
    private static partial Regex ReadyLine();
}
