using System.Diagnostics;
using System.Text;
using FlumeNet.Agent.Hdfs.Formats;
using FlumeNet.Agent.Serializers;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Hdfs.Formats;

/// <summary>CompressedStream files (one member per flush) decompress with the system's own gzip and bzip2 to exactly the input.</summary>
public sealed class SystemToolDecompressionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-codec-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [ToolFact("gzip")]
    public Task GzipFile_DecompressesWithGzip() => DecompressesWithTheSystemTool("gzip", "gzip");

    [ToolFact("bzip2")]
    public Task Bzip2File_DecompressesWithBzip2() => DecompressesWithTheSystemTool("bzip2", "bzip2");

    private async Task DecompressesWithTheSystemTool(string codecName, string tool)
    {
        var codec = CompressionCodecs.Resolve(codecName)!;
        var path = Path.Combine(_dir, "FlumeData.1" + codec.DefaultExtension);
        var expected = new StringBuilder();
        using (var file = File.Create(path))
        {
            var writer = new HdfsCompressedStreamWriter(codec, s => new BodyTextEventSerializer(s, appendNewline: true));
            writer.Open(file);
            var random = new Random(11);
            for (var batch = 0; batch < 7; batch++)
            {
                for (var i = 0; i < 300; i++)
                {
                    var line = $"batch {batch} line {i} " + new string((char)('a' + random.Next(26)), random.Next(0, 400)) + " é✓";
                    writer.Append(Events.Make(line));
                    expected.Append(line).Append('\n');
                }
                writer.Sync();
            }
            writer.Close();
        }
        var psi = new ProcessStartInfo(tool, ["-dc", path]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(psi)!;
        using var output = new MemoryStream();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.BaseStream.CopyToAsync(output);
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Equal(Encoding.UTF8.GetBytes(expected.ToString()), output.ToArray());
    }
}
