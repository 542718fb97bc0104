using System.Text;
using FlumeNet.Agent.Hdfs.FileSystems;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Hdfs.FileSystems;

/// <summary>The WebHDFS filesystem against the project's WebHDFS emulator (a separate process), faults included.</summary>
[Collection("processes")]
public sealed class WebHdfsFileSystemTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("flumenet-webhdfs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void CreateFlushRenameList_LandBytesExactly()
    {
        using var emulator = EmulatorProcess.WebHdfs("--root", _root);
        using var fs = FileSystem(emulator.Url);
        using (var stream = fs.Create("/flume/d=1/FlumeData.1.tmp"))
        {
            stream.Write("hello\n"u8);
            stream.Flush();
            Assert.Equal(6, fs.Length("/flume/d=1/FlumeData.1.tmp"));
            stream.Write(new byte[] { 0, 255, 10 });
        }
        Assert.True(fs.Exists("/flume/d=1/FlumeData.1.tmp"));
        Assert.Equal(["FlumeData.1.tmp"], fs.ListFiles("/flume/d=1"));
        Assert.True(fs.Rename("/flume/d=1/FlumeData.1.tmp", "/flume/d=1/FlumeData.1"));
        Assert.False(fs.Rename("/flume/d=1/FlumeData.1.tmp", "/flume/d=1/FlumeData.1"));
        Assert.Equal([.. "hello\n"u8, 0, 255, 10], File.ReadAllBytes(Path.Combine(_root, "flume", "d=1", "FlumeData.1")));
        Assert.Empty(fs.ListFiles("/no/such/dir"));
        Assert.False(fs.Exists("/no/such/file"));
    }

    [Fact]
    public void PartlyAppliedAppend_IsTruncatedBack_AndSentAgain_NoByteTwice()
    {
        using var emulator = EmulatorProcess.WebHdfs("--root", _root);
        using var fs = FileSystem(emulator.Url);
        using (var stream = fs.Create("/f.tmp"))
        {
            stream.Write(Encoding.ASCII.GetBytes(new string('a', 1000)));
            stream.Flush();
            emulator.Fault(new { op = "APPEND", kind = "partial", count = 1 });
            stream.Write(Encoding.ASCII.GetBytes(new string('b', 1000)));
            stream.Flush();
        }
        Assert.Equal(new string('a', 1000) + new string('b', 1000), File.ReadAllText(Path.Combine(_root, "f.tmp")));
    }

    [Theory]
    [InlineData("lease")]
    [InlineData("recovery")]
    [InlineData("reset")]
    public void RetriableAppendFailures_AreRetried(string kind)
    {
        using var emulator = EmulatorProcess.WebHdfs("--root", _root);
        using var fs = FileSystem(emulator.Url);
        using (var stream = fs.Create("/f.tmp"))
        {
            emulator.Fault(new { op = "APPEND", kind, count = 2 });
            stream.Write("x\n"u8);
            stream.Flush();
        }
        Assert.Equal("x\n", File.ReadAllText(Path.Combine(_root, "f.tmp")));
    }

    [Fact]
    public void AppendThatNeverSucceeds_FailsWithinCallTimeout_AndKeepsTheAcknowledgedBytes()
    {
        using var emulator = EmulatorProcess.WebHdfs("--root", _root);
        using var fs = FileSystem(emulator.Url, TimeSpan.FromSeconds(2));
        var stream = fs.Create("/f.tmp");
        stream.Write("kept\n"u8);
        stream.Flush();
        emulator.Fault(new { op = "APPEND", kind = "status", status = 500, count = 1000 });
        stream.Write("lost\n"u8);
        var ex = Assert.ThrowsAny<IOException>(stream.Flush);
        Assert.Contains("APPEND", ex.Message, StringComparison.Ordinal);
        stream.Dispose();
        Assert.Equal("kept\n", File.ReadAllText(Path.Combine(_root, "f.tmp")));
    }

    [Fact]
    public void StandbyNameNode_FailsOverToTheActiveOne()
    {
        using var standby = EmulatorProcess.WebHdfs("--root", _root, "--standby");
        using var active = EmulatorProcess.WebHdfs("--root", _root);
        using var fs = new WebHdfsFileSystem(new WebHdfsSettings { NameNodes = [standby.Url, active.Url], User = "flume" });
        using (var stream = fs.Create("/ha.tmp"))
        {
            stream.Write("ha\n"u8);
        }
        Assert.Equal("ha\n", File.ReadAllText(Path.Combine(_root, "ha.tmp")));
        Assert.Contains(active.Url.Authority, fs.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void HttpFsGateway_AcceptsTheSameCalls()
    {
        using var emulator = EmulatorProcess.WebHdfs("--root", _root, "--httpfs");
        using var fs = FileSystem(emulator.Url);
        using (var stream = fs.Create("/h/f.tmp"))
        {
            stream.Write("via httpfs\n"u8);
            stream.Flush();
            stream.Write("twice\n"u8);
        }
        Assert.True(fs.Rename("/h/f.tmp", "/h/f"));
        Assert.Equal("via httpfs\ntwice\n", File.ReadAllText(Path.Combine(_root, "h", "f")));
    }

    private static WebHdfsFileSystem FileSystem(Uri nameNode, TimeSpan? callTimeout = null) =>
        new(new WebHdfsSettings { NameNodes = [nameNode], User = "flume", CallTimeout = callTimeout ?? TimeSpan.FromSeconds(20) });
}
