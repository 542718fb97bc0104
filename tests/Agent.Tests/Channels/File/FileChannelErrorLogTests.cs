using FlumeNet.Agent.Tests.Sources;
using NLog;
using NLog.Config;
using NLog.Targets;
using static FlumeNet.Agent.Tests.Channels.Files.FileChannelFixture;

namespace FlumeNet.Agent.Tests.Channels.Files;

/// <summary>What the operator reads when a checkpoint is corrupt (NLog's global configuration, so these run alone).</summary>
[Collection(GlobalLoggingTests.Name)]
public sealed class FileChannelErrorLogTests : IDisposable
{
    private readonly FileChannelFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    [Fact]
    public void CorruptCheckpoint_WarnsWhatItFoundAndWhatItUsedInstead_AndKeepsTheCommittedEvents()
    {
        var settings = _fx.Settings() with { UseDualCheckpoints = true, BackupCheckpointDir = _fx.BackupDir };
        var c = _fx.Start(settings);
        PutCommitted(c, "a", "b");
        c.Checkpoint();
        Crash(c);
        Corrupt(Path.Combine(_fx.CheckpointDir, "flumenet-checkpoint"));
        using (var log = new CapturedLog())
        {
            Assert.Equal(["a", "b"], TakeAll(_fx.Start(settings, "c2")));
            Assert.Contains(log.Lines, l => IsWarning(l, "the checkpoint is unusable"));
            Assert.Contains(log.Lines, l => IsWarning(l, "using the backup checkpoint in") && l.Contains(_fx.BackupDir, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void CorruptCheckpointAndBackup_WarnsOfTheFullReplay_AndKeepsTheCommittedEvents()
    {
        var settings = _fx.Settings() with { UseDualCheckpoints = true, BackupCheckpointDir = _fx.BackupDir };
        var c = _fx.Start(settings);
        PutCommitted(c, "a", "b");
        c.Checkpoint();
        Crash(c);
        Corrupt(Path.Combine(_fx.CheckpointDir, "flumenet-checkpoint"));
        Corrupt(Path.Combine(_fx.BackupDir, "flumenet-checkpoint"));
        using (var log = new CapturedLog())
        {
            Assert.Equal(["a", "b"], TakeAll(_fx.Start(settings, "c2")));
            Assert.Contains(log.Lines, l => IsWarning(l, "the backup checkpoint is unusable too"));
            Assert.Contains(log.Lines, l => IsWarning(l, "replaying every log file"));
            Assert.Contains(log.Lines, l => l.Contains("corrupt checkpoint, full replay", StringComparison.Ordinal));
        }
    }

    // NLog may quote the channel name; the operator's words are what matters.
    private static bool IsWarning(string line, string text) =>
        line.StartsWith("Warn|File channel ", StringComparison.Ordinal) && line.Contains("c2", StringComparison.Ordinal) && line.Contains(text, StringComparison.Ordinal);

    private static void Corrupt(string path)
    {
        var bytes = System.IO.File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        System.IO.File.WriteAllBytes(path, bytes);
    }

    private sealed class CapturedLog : IDisposable
    {
        private readonly MemoryTarget _target = new("captured") { Layout = "${level}|${message}" };
        private readonly LoggingConfiguration? _previous;

        public CapturedLog()
        {
            _previous = LogManager.Configuration;
            var config = new LoggingConfiguration();
            config.AddRule(NLog.LogLevel.Info, NLog.LogLevel.Fatal, _target, "FlumeNet.Agent.Channels.Files.*");
            LogManager.Configuration = config;
        }

        public IReadOnlyList<string> Lines => [.. _target.Logs];

        public void Dispose() => LogManager.Configuration = _previous;
    }
}
