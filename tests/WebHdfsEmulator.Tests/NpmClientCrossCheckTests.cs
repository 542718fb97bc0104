using System.Text.Json;
using FlumeNet.WebHdfsEmulator.Tests.Infrastructure;

namespace FlumeNet.WebHdfsEmulator.Tests;

/// <summary>
/// Runs tools/WebHdfsEmulator/sdk-check/webhdfs-check.js, which drives the emulator through the independent npm
/// `webhdfs` client (its own two-step redirect handling and RemoteException parsing), and checks both what the
/// client saw and what landed on disk.
/// </summary>
public sealed class NpmClientCrossCheckTests : EmulatorTestBase
{
    private const string NodeUser = "npmcheck";

    [NodeSdkFact]
    public async Task NpmWebHdfsClient_WorksAgainstTheEmulator()
    {
        var port = Server.NameNodeUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (exitCode, output, error) = await ChildProcess.RunAsync(RepoPaths.Node!,
            ["webhdfs-check.js", "--host", "127.0.0.1", "--port", port, "--user", NodeUser, "--base", "/sdkcheck"],
            RepoPaths.SdkCheck, TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, $"node failed ({exitCode}): {error}\n{output}");
        using var document = JsonDocument.Parse(output);
        var result = document.RootElement;
        Assert.Equal("DIRECTORY", result.GetProperty("dirType").GetString());
        Assert.True(result.GetProperty("readMatches").GetBoolean());
        Assert.Equal(1801, result.GetProperty("readLength").GetInt32());
        var stat = result.GetProperty("stat");
        Assert.Equal(("FILE", 1801, NodeUser), (stat.GetProperty("type").GetString(), stat.GetProperty("length").GetInt32(), stat.GetProperty("owner").GetString()));
        Assert.Equal(["final.bin", "gone.txt"], result.GetProperty("listing").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["final.bin"], result.GetProperty("listingAfterUnlink").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("File does not exist: /sdkcheck/missing.bin", result.GetProperty("missingError").GetString());
        Assert.Equal("File /sdkcheck/missing.bin not found.", result.GetProperty("appendMissingError").GetString());

        byte[] expected = [.. Enumerable.Range(0, 1024).Select(i => (byte)(i % 256)), .. Enumerable.Range(0, 777).Select(i => (byte)(((i * 37) + 11) % 256))];
        Assert.Equal(expected, ReadLocal("/sdkcheck/dir/final.bin"));
        Assert.False(File.Exists(Local("/sdkcheck/dir/data.bin")));
        Assert.False(File.Exists(Local("/sdkcheck/dir/gone.txt")));

        var stats = Server.GetStats();
        Assert.Equal(2, stats.DataNodeCount("CREATE"));
        Assert.Equal(1, stats.DataNodeCount("APPEND"));
        Assert.Equal(1, stats.DataNodeCount("OPEN"));
        Assert.Equal(0, stats.NameNodeRequestsWithBody);
        Assert.Equal(stats.Users.Values.Sum(), stats.Users.GetValueOrDefault(NodeUser));
    }
}
