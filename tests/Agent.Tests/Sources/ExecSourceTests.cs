using FlumeNet.Agent.Registry.Specs;
using FlumeNet.Agent.Sources;

namespace FlumeNet.Agent.Tests.Sources;

/// <summary>The exec source (reference §6.1) against a real memory channel, running commands through /bin/sh -c.</summary>
public sealed class ExecSourceTests
{
    internal static ExecSource Source(SourceHarness h, string command, int batchSize = 20, int batchTimeoutMs = 60_000,
        bool restart = false, int restartThrottleMs = 10_000, bool logStdErr = false) =>
        new("r1", new ExecSourceOptions(command, "/bin/sh -c", restart, TimeSpan.FromMilliseconds(restartThrottleMs), logStdErr,
            batchSize, TimeSpan.FromMilliseconds(batchTimeoutMs)), h.Processor);

    [Fact]
    public void OutputLines_BecomeEventsInOrder_WithTerminatorsStripped()
    {
        var h = new SourceHarness();
        var source = Source(h, "printf 'alpha\\nbeta\\r\\n\\ngamma'");
        source.Start();
        try
        {
            Assert.Equal(["alpha", "beta", "", "gamma"], h.WaitFor(4));
        }
        finally
        {
            source.Stop();
        }
        Assert.Equal(4, source.Counter.EventReceivedCount);
        Assert.Equal(4, source.Counter.EventAcceptedCount);
        Assert.Equal(1, source.Counter.AppendBatchAcceptedCount);
    }

    [Fact]
    public void FullBatches_GoAtBatchSize_AndTheRestAtExit()
    {
        var h = new SourceHarness();
        var source = Source(h, "i=1; while [ $i -le 45 ]; do echo line$i; i=$((i+1)); done", batchSize: 20);
        source.Start();
        try
        {
            var lines = h.WaitFor(45);
            for (var i = 0; i < 45; i++)
            {
                Assert.Equal($"line{i + 1}", lines[i]);
            }
            SourceHarness.WaitUntil(() => source.Counter.AppendBatchAcceptedCount == 3, "three batches");
        }
        finally
        {
            source.Stop();
        }
        Assert.Equal(3, source.Counter.AppendBatchReceivedCount);
        Assert.Equal(45, source.Counter.EventAcceptedCount);
    }

    [Fact]
    public void BatchSize_SendsAFullBatch_AndStopFlushesTheRest()
    {
        var h = new SourceHarness();
        var source = Source(h, "echo a; echo b; echo c; exec sleep 60", batchSize: 2);
        source.Start();
        try
        {
            Assert.Equal(["a", "b"], h.WaitFor(2));
            // "c" waits for a second line or the 60 s timeout, and the command sleeps.
            Assert.Equal(0, h.Drain());
        }
        finally
        {
            source.Stop();
        }
        Assert.Equal(1, h.Drain());
        Assert.Equal(["a", "b", "c"], h.Texts());
    }

    [Fact]
    public void BatchTimeout_SendsAPartialBatch_WhileTheCommandRuns()
    {
        var h = new SourceHarness();
        var source = Source(h, "echo first; exec sleep 60", batchSize: 100, batchTimeoutMs: 100);
        source.Start();
        try
        {
            Assert.Equal(["first"], h.WaitFor(1));
        }
        finally
        {
            source.Stop();
        }
    }

    [Fact]
    public void Restart_RunsTheCommandAgain_AfterItExits()
    {
        var h = new SourceHarness();
        var source = Source(h, "echo run", restart: true, restartThrottleMs: 50);
        source.Start();
        try
        {
            Assert.Equal(["run", "run", "run"], h.WaitFor(3)[..3]);
        }
        finally
        {
            source.Stop();
        }
    }

    [Fact]
    public void WithoutRestart_TheCommandRunsOnce()
    {
        var h = new SourceHarness();
        var source = Source(h, "echo once", restart: false, restartThrottleMs: 0);
        source.Start();
        try
        {
            h.WaitFor(1);
            // With restart wrongly on, a zero throttle would produce many more events in this time.
            Thread.Sleep(500);
            h.Drain();
        }
        finally
        {
            source.Stop();
        }
        Assert.Equal(["once"], h.Texts());
    }

    [Fact]
    public void FullChannel_HoldsBackTheCommand_AndLosesNothing()
    {
        var h = new SourceHarness(capacity: 5, transactionCapacity: 5);
        var source = Source(h, "i=1; while [ $i -le 12 ]; do echo $i; i=$((i+1)); done", batchSize: 5);
        source.Start();
        try
        {
            SourceHarness.WaitUntil(() => source.Counter.ChannelWriteFail > 0, "the channel to refuse a batch");
            var lines = h.WaitFor(12);
            Assert.Equal(12, lines.Count);
            for (var i = 0; i < 12; i++)
            {
                Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), lines[i]);
            }
        }
        finally
        {
            source.Stop();
        }
        Assert.Equal(12, source.Counter.EventAcceptedCount);
    }

    [Fact]
    public void CommandThatCannotStart_Throws_NamingTheSource()
    {
        var h = new SourceHarness();
        var source = new ExecSource("r9", new ExecSourceOptions("/nonexistent/flumenet-no-such-command --flag"), h.Processor);
        var ex = Assert.Throws<IOException>(source.Start);
        Assert.Contains("'r9'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/flumenet-no-such-command", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutShell_TheCommandIsSplitOnWhitespace()
    {
        Assert.Equal(["tail", "-F", "/var/log/app.log"], new ExecSourceOptions("  tail  -F\t/var/log/app.log ").CommandLine());
        Assert.Equal(["/bin/bash", "-c", "echo a  b | tr a b"], new ExecSourceOptions("echo a  b | tr a b", "/bin/bash  -c").CommandLine());
    }

    [Fact]
    public void WithoutShell_RunsTheProgramDirectly()
    {
        var h = new SourceHarness();
        var source = new ExecSource("r1", new ExecSourceOptions("echo one two"), h.Processor);
        source.Start();
        try
        {
            Assert.Equal(["one two"], h.WaitFor(1));
        }
        finally
        {
            source.Stop();
        }
    }

    [Fact]
    public void Create_TakesFlumeKeysAndDefaults()
    {
        var h = new SourceHarness();
        var defaults = ExecSource.Create(SourceHarness.Options(SourceSpecs.Exec, ("command", "tail -F x")), h.Processor).Options;
        Assert.Equal(new ExecSourceOptions("tail -F x", null, false, TimeSpan.FromMilliseconds(10000), false, 20, TimeSpan.FromMilliseconds(3000), "UTF-8"), defaults);
        var set = ExecSource.Create(SourceHarness.Options(SourceSpecs.Exec, ("command", "c"), ("shell", "/bin/sh -c"), ("restart", "true"),
            ("restartThrottle", "500"), ("logStdErr", "true"), ("batchSize", "7"), ("batchTimeout", "250"), ("charset", "ISO-8859-1")), h.Processor).Options;
        Assert.Equal(new ExecSourceOptions("c", "/bin/sh -c", true, TimeSpan.FromMilliseconds(500), true, 7, TimeSpan.FromMilliseconds(250), "ISO-8859-1"), set);
    }

    [Fact]
    public void UnknownCharset_FailsStart_NamingIt()
    {
        var h = new SourceHarness();
        var source = new ExecSource("r1", new ExecSourceOptions("echo x", Charset: "no-such-charset"), h.Processor);
        var ex = Assert.Throws<IOException>(source.Start);
        Assert.Contains("no-such-charset", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf16Charset_SplitsDecodedLines_AndBodiesUseTheCharset()
    {
        var h = new SourceHarness();
        var source = new ExecSource("r1", new ExecSourceOptions("printf 'h\\000i\\000\\n\\000\\351\\000\\n\\000'", "/bin/sh -c", Charset: "UTF-16LE"), h.Processor);
        source.Start();
        try
        {
            h.WaitFor(2);
        }
        finally
        {
            source.Stop();
        }
        Assert.Equal([(byte)'h', 0, (byte)'i', 0], h.Received[0].Body);
        Assert.Equal([0xE9, 0], h.Received[1].Body);
    }
}
