using FlumeNet.Agent.Sources;
using NLog;
using NLog.Config;
using NLog.Targets;

namespace FlumeNet.Agent.Tests.Sources;

/// <summary>The exec source's stderr handling, seen through NLog's global configuration (so these run alone).</summary>
[Collection(GlobalLoggingTests.Name)]
public sealed class ExecSourceStdErrTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StdErr_IsLoggedAtInfo_OnlyWithLogStdErr(bool logStdErr)
    {
        // The shell computes the line, so the command text quoted in lifecycle log lines never contains it.
        var id = Guid.NewGuid().ToString("N");
        var marker = $"oops-42-{id}";
        using var log = new CapturedLog("FlumeNet.Agent.Sources.ExecSource");
        var h = new SourceHarness();
        var source = ExecSourceTests.Source(h, $"echo out; echo oops-$((6*7))-{id} >&2", logStdErr: logStdErr);
        source.Start();
        try
        {
            Assert.Equal(["out"], h.WaitFor(1));
            if (logStdErr)
            {
                SourceHarness.WaitUntil(() => log.Contains(marker), "the stderr line in the log");
            }
        }
        finally
        {
            source.Stop();
        }
        Assert.Equal(logStdErr, log.Contains(marker));
        Assert.Equal(["out"], h.Texts());
    }

    /// <summary>Captures one logger's messages through NLog's global configuration; the collection keeps other tests out meanwhile.</summary>
    private sealed class CapturedLog : IDisposable
    {
        private readonly MemoryTarget _target = new("captured") { Layout = "${level}|${message}" };
        private readonly LoggingConfiguration? _previous;

        public CapturedLog(string loggerName)
        {
            _previous = LogManager.Configuration;
            var config = new LoggingConfiguration();
            config.AddRule(NLog.LogLevel.Info, NLog.LogLevel.Fatal, _target, loggerName);
            LogManager.Configuration = config;
        }

        public bool Contains(string text)
        {
            foreach (var line in _target.Logs.ToArray())
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    return line.StartsWith("Info|", StringComparison.Ordinal);
                }
            }
            return false;
        }

        public void Dispose() => LogManager.Configuration = _previous;
    }
}

/// <summary>Tests that swap NLog's global configuration run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalLoggingTests
{
    public const string Name = "Global NLog configuration";
}
