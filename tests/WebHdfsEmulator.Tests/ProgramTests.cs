using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using FlumeNet.WebHdfsEmulator.Tests.Infrastructure;

namespace FlumeNet.WebHdfsEmulator.Tests;

public sealed partial class ProgramTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [GeneratedRegex(@"^WebHDFS emulator listening on http://127\.0\.0\.1:(\d+) \(datanode http://127\.0\.0\.1:(\d+)\)$")]
    private static partial Regex ReadyLine();

    [Fact]
    public async Task PrintsOneReadyLine_Serves_AndStopsCleanlyOnSigterm()
    {
        using var child = ChildProcess.Start(ChildProcess.DotNet, [RepoPaths.EmulatorDll, "--root", _root.Path, "--port", "0"]);

        var line = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var match = ReadyLine().Match(line ?? "");
        Assert.True(match.Success, $"unexpected ready line: {line}");
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
        {
            var status = await http.GetAsync(new Uri($"http://127.0.0.1:{match.Groups[1].Value}/webhdfs/v1/?op=GETFILESTATUS"));
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
            Assert.NotEqual(match.Groups[1].Value, match.Groups[2].Value);
        }
        await child.TerminateAsync();
        await child.WaitForExitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(0, child.ExitCode);
        Assert.Equal("", await child.StandardOutput.ReadToEndAsync());
    }

    [Fact]
    public async Task HttpFsMode_SaysSoInTheReadyLine()
    {
        using var child = ChildProcess.Start(ChildProcess.DotNet, [RepoPaths.EmulatorDll, "--root", _root.Path, "--httpfs"]);

        var line = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Matches(@"^WebHDFS emulator listening on http://127\.0\.0\.1:\d+ \(httpfs\)$", line);
        await child.TerminateAsync();
        await child.WaitForExitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(0, child.ExitCode);
    }

    [Theory]
    [InlineData("--port", "1")]
    [InlineData("--root")]
    [InlineData("--bogus")]
    [InlineData("--root", "/tmp", "--tls-cert", "/nonexistent/cert.pem")]
    [InlineData("--root", "/tmp", "--tls-cert", "/nonexistent/cert.pem", "--tls-key", "/nonexistent/key.pem")]
    public async Task BadArguments_ExitWithUsage(params string[] arguments)
    {
        var (exitCode, output, error) = await ChildProcess.RunAsync(ChildProcess.DotNet, [RepoPaths.EmulatorDll, .. arguments], null, TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Contains("usage: webhdfs-emulator --root DIR", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortInUse_ExitsWithAnError()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (exitCode, output, error) = await ChildProcess.RunAsync(ChildProcess.DotNet, [RepoPaths.EmulatorDll, "--root", _root.Path, "--port", port], null, TimeSpan.FromSeconds(30));

        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        Assert.Contains("cannot listen", error, StringComparison.Ordinal);
    }
}
