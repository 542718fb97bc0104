using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Cli;
using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Tests.Cli;

public sealed class AvroClientCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flumenet-avroclient-").FullName;
    private readonly ConcurrentQueue<(int Batch, FlumeEvent Event)> _got = new();
    private readonly AvroRpcServer _server;
    private int _batches;

    public AvroClientCommandTests()
    {
        _server = new AvroRpcServer("test", new AvroRpcServerOptions(IPAddress.Loopback, 0), new Handler(this));
        _server.Start();
    }

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private sealed class Handler(AvroClientCommandTests t) : IAvroFlumeHandler
    {
        public AvroStatus Append(FlumeEvent e) => AppendBatch([e]);

        public AvroStatus AppendBatch(List<FlumeEvent> events)
        {
            var batch = Interlocked.Increment(ref t._batches);
            foreach (var e in events)
            {
                t._got.Enqueue((batch, e));
            }
            return AvroStatus.Ok;
        }
    }

    private string Port => _server.BoundPort.ToString(CultureInfo.InvariantCulture);

    private static (int Code, string Err) Run(Stream? stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = AvroClientCommand.Run(args, stdout, stderr, stdin);
        return (code, stderr.ToString());
    }

    [Fact]
    public void Stdin_LinesSplitLikeReadLine_InBatchesOfFive_WithTheHeaderFileOnEveryEvent()
    {
        var headers = Path.Combine(_dir, "headers.properties");
        File.WriteAllText(headers, "a = 1\nb:two\n", Encoding.Latin1);
        var input = new MemoryStream(Encoding.UTF8.GetBytes("l0\nl1\r\nl2\rl3\nl4\nl5\nl6"));
        var (code, err) = Run(input, "-H", "127.0.0.1", "-p", Port, "-R", headers);
        Assert.True(code == 0, err);
        var got = _got.ToList();
        Assert.Equal(["l0", "l1", "l2", "l3", "l4", "l5", "l6"], got.Select(g => Encoding.UTF8.GetString(g.Event.Body)));
        Assert.Equal([1, 1, 1, 1, 1, 2, 2], got.Select(g => g.Batch));
        Assert.All(got, g => Assert.Equal("1", g.Event.Header("a")));
        Assert.All(got, g => Assert.Equal("two", g.Event.Header("b")));
    }

    [Fact]
    public void RpcPropsFile_SetsBatchSize_AndIgnoresHostAndPort()
    {
        var props = Path.Combine(_dir, "rpc.properties");
        File.WriteAllText(props, $"hosts = h1\nhosts.h1 = 127.0.0.1:{Port}\nbatch-size = 3\n");
        var file = Path.Combine(_dir, "in.txt");
        File.WriteAllText(file, "a\nb\nc\nd\n");
        var (code, err) = Run(null, "-P", props, "-H", "nowhere.invalid", "-p", "1", "--filename=" + file);
        Assert.True(code == 0, err);
        Assert.Equal([1, 1, 1, 2], _got.Select(g => g.Batch));
    }

    [Fact]
    public void Dirname_SendsEachFile_AndRenamesItCompleted()
    {
        var spool = Directory.CreateDirectory(Path.Combine(_dir, "spool")).FullName;
        File.WriteAllText(Path.Combine(spool, "one.log"), "x\ny\n");
        File.WriteAllText(Path.Combine(spool, ".hidden"), "no\n");
        var (code, err) = Run(null, "-H", "127.0.0.1", "-p", Port, "--dirname", spool);
        Assert.True(code == 0, err);
        Assert.Equal(["x", "y"], _got.Select(g => Encoding.UTF8.GetString(g.Event.Body)));
        Assert.True(File.Exists(Path.Combine(spool, "one.log.COMPLETED")));
    }

    [Theory]
    [InlineData("-H", "127.0.0.1")]
    [InlineData("-F", "a", "--dirname", "b", "-H", "h", "-p", "1")]
    [InlineData("--bogus")]
    public void UsageErrors_Exit2(params string[] args) => Assert.Equal(2, Run(null, args).Code);

    [Fact]
    public void UnreachableServer_Exits1_WithTheReason()
    {
        var (code, err) = Run(new MemoryStream("x\n"u8.ToArray()), "-H", "127.0.0.1", "-p", Support.AgentProcess.FreePort().ToString(CultureInfo.InvariantCulture));
        Assert.Equal(1, code);
        Assert.Contains("cannot connect", err, StringComparison.Ordinal);
    }
}
