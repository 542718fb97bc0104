using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Registry.Specs;

/// <summary>The file channel's options that the spillable-memory channel shares (all but capacity and keep-alive).</summary>
internal static class FileChannelOptions
{
    private const string NotNeeded = "FlumeNet's file channel has one replay, from its own checkpoint and log format";
    private const string NoEncryption = "encryption of the file channel is not supported: events are stored unencrypted";

    public static OptionSpec[] Queue() =>
    [
        Opt.Path("checkpointDir", "~/.flume/file-channel/checkpoint", "Directory of the checkpoint."),
        Opt.Bool("useDualCheckpoints", "false", "Keep a backup of the checkpoint in backupCheckpointDir."),
        Opt.Path("backupCheckpointDir", null, "Directory of the checkpoint backup (not checkpointDir)."),
        Opt.Str("dataDirs", "~/.flume/file-channel/data", "Directories of the log files, comma-separated."),
        Opt.Int("transactionCapacity", "10000", "Most events one transaction may put or take; at most capacity."),
        Opt.Long("checkpointInterval", "30000", "Milliseconds between checkpoints."),
        Opt.Long("maxFileSize", "2146435071", "Largest log file, in bytes."),
        Opt.Long("minimumRequiredSpace", "524288000", "Free disk space below which puts fail, in bytes."),
        Opt.Bool("use-log-replay-v1", "false", "Replay with the old algorithm.") with { IgnoredBecause = NotNeeded },
        Opt.Bool("use-fast-replay", "false", "Replay without the checkpoint's queue.") with { IgnoredBecause = NotNeeded },
        Opt.Bool("checkpointOnClose", "true", "Write a checkpoint when the channel stops."),
        Opt.Bool("compressBackupCheckpoint", "false", "Compress the checkpoint backup.") with
        {
            IgnoredBecause = "FlumeNet's backup checkpoint is a plain copy (it holds 8 bytes per queued event)",
        },
        Opt.Bool("fsyncPerTransaction", "true", "Sync the log to disk at every commit."),
        Opt.Int("fsyncInterval", "5", "Seconds between syncs when fsyncPerTransaction is false."),
        Opt.Str("encryption.activeKey", null, "Name of the key that encrypts new data.") with { IgnoredBecause = NoEncryption },
        Opt.Str("encryption.cipherProvider", null, "Cipher, e.g. AESCTRNOPADDING.") with { IgnoredBecause = NoEncryption },
        Opt.Str("encryption.keyProvider", null, "Key provider, e.g. JCEKSFILE.") with { IgnoredBecause = NoEncryption },
        Opt.Path("encryption.keyProvider.keyStoreFile", null, "Key store file of the JCEKSFILE provider.") with { IgnoredBecause = NoEncryption },
        Opt.Path("encryption.keyProvider.keyStorePasswordFile", null, "File holding the key store password.") with { IgnoredBecause = NoEncryption },
        Opt.List("encryption.keyProvider.keys", null, "Names of all keys, active and old.") with { IgnoredBecause = NoEncryption },
        Opt.Prefix("encryption.keyProvider.keys.", "keys.<key>.passwordFile = file holding that key's password.") with { IgnoredBecause = NoEncryption },
    ];
}
