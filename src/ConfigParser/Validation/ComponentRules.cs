using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Model;
using FlumeNet.ConfigParser.Specs;
using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.ConfigParser.Validation;

/// <summary>Rules that involve several options of one component type (HDFS file types and zones, LogHub start positions).</summary>
public static class ComponentRules
{
    /// <returns>False when Flume would fail to configure the component.</returns>
    public static bool Check(ValidationContext ctx, ComponentConfig c, ComponentSpec spec, string subject)
    {
        if (spec.FindOption("hdfs.path") is not null)
        {
            return CheckHdfs(ctx.Diagnostics, c, subject);
        }
        if (spec.FindOption("kafka.bootstrap.servers") is { AlsoSatisfiedBy: { } legacy } && legacy.Contains("zookeeperConnect"))
        {
            return CheckZooKeeperOnly(ctx.Diagnostics, c, subject);
        }
        if (spec.FindOption("filegroups") is not null && spec.FindOption("positionFile") is not null)
        {
            return CheckFileGroups(ctx.Diagnostics, c, subject);
        }
        if (spec.FindOption("consumerPosition") is not null)
        {
            return RequireWhen(ctx.Diagnostics, c, subject, "consumerPosition", "special", "startTime", "a start time in unix seconds");
        }
        if (spec.FindOption("useDualCheckpoints") is not null)
        {
            return CheckDualCheckpoints(ctx.Diagnostics, c, subject);
        }
        if (spec.FindOption("initialPosition") is not null)
        {
            var ok = RequireWhen(ctx.Diagnostics, c, subject, "initialPosition", "timestamp", "timestamp", "a start time in unix seconds");
            // aliyun-log-flume's DELIMITED deserializer (the default) throws without columns.
            var deserializer = c.Get("deserializer") ?? "DELIMITED";
            if (deserializer is "DELIMITED" or "com.aliyun.loghub.flume.source.DelimitedTextEventDeserializer" && c.Find("columns") is null)
            {
                ctx.Diagnostics.Error(c.Location, DiagnosticCodes.MissingRequired, c.Prefix + ".columns",
                    $"the DELIMITED deserializer needs columns (the log fields written, comma-separated); without it the plug-in fails to configure {subject}",
                    $"add {c.Prefix}.columns = … or set deserializer = JSON");
                ok = false;
            }
            return ok;
        }
        return true;
    }

    private static bool CheckHdfs(DiagnosticBag d, ComponentConfig c, string subject)
    {
        var ok = true;
        if (c.Find("hdfs.timeZone") is { } tz && JavaTimeZones.Find(tz.Value) is null)
        {
            d.Error(tz.Location, DiagnosticCodes.UnknownTimeZone, tz.FullKey,
                $"'{tz.Value}' is not a time zone; Flume silently uses GMT instead, this agent refuses it",
                "use an IANA name such as Asia/Shanghai, or GMT+8");
            ok = false;
        }
        var fileType = c.Find("hdfs.fileType");
        var codec = c.Find("hdfs.codeC");
        if (fileType is not null && codec is not null && fileType.Value.Equals("DataStream", StringComparison.OrdinalIgnoreCase))
        {
            d.Error(codec.Location, DiagnosticCodes.BadValue, codec.FullKey,
                $"the DataStream file type does not support compressed output; Flume fails to configure {subject}",
                "use hdfs.fileType = CompressedStream, or remove hdfs.codeC");
            ok = false;
        }
        if (fileType is not null && codec is null && fileType.Value.Equals("CompressedStream", StringComparison.OrdinalIgnoreCase))
        {
            d.Error(fileType.Location, DiagnosticCodes.MissingRequired, c.Prefix + ".hdfs.codeC",
                $"CompressedStream needs hdfs.codeC; Flume fails to configure {subject}", "set hdfs.codeC = gzip|bzip2|snappy|lz4|deflate");
            ok = false;
        }
        if (OptionValues.ParseBool(c.Get("hdfs.round") ?? "false") && c.Find("hdfs.roundValue") is { } rv
            && OptionValues.TryParseInt(rv.Value, out var roundValue))
        {
            var unit = (c.Get("hdfs.roundUnit") ?? "second").ToLowerInvariant();
            var max = unit == "hour" ? 24 : 60;
            if (roundValue < 1 || roundValue > max)
            {
                d.Error(rv.Location, DiagnosticCodes.BadValue, rv.FullKey,
                    $"{roundValue} is out of range for roundUnit {unit}; Flume fails to configure {subject}", $"use 1 to {max}");
                ok = false;
            }
        }
        return ok;
    }

    // The file channel (and the spillable memory channel's overflow) refuse dual checkpoints without a distinct backup dir.
    private static bool CheckDualCheckpoints(DiagnosticBag d, ComponentConfig c, string subject)
    {
        if (c.Find("useDualCheckpoints") is not { } dual || !OptionValues.ParseBool(dual.Value))
        {
            return true;
        }
        var backup = c.Find("backupCheckpointDir");
        if (backup is null || backup.Value.Length == 0)
        {
            d.Error(dual.Location, DiagnosticCodes.MissingRequired, c.Prefix + ".backupCheckpointDir",
                $"useDualCheckpoints = true needs backupCheckpointDir; Flume fails to configure {subject}", $"add {c.Prefix}.backupCheckpointDir = <directory>");
            return false;
        }
        if (c.Find("checkpointDir") is { } cp && cp.Value.TrimEnd('/') == backup.Value.TrimEnd('/'))
        {
            d.Error(backup.Location, DiagnosticCodes.BadValue, backup.FullKey,
                $"backupCheckpointDir is the same directory as checkpointDir; Flume fails to configure {subject}", "use another directory");
            return false;
        }
        return true;
    }

    // Flume 1.11's Kafka source reads the brokers from ZooKeeper when only zookeeperConnect is set; FlumeNet does not.
    private static bool CheckZooKeeperOnly(DiagnosticBag d, ComponentConfig c, string subject)
    {
        if (c.Find("zookeeperConnect") is not { } zk || c.Find("kafka.bootstrap.servers") is not null || c.Find("brokerList") is not null)
        {
            return true;
        }
        d.Error(zk.Location, DiagnosticCodes.NeedsEdit, c.Prefix + ".kafka.bootstrap.servers",
            $"only zookeeperConnect is set: Flume 1.11 looks the Kafka brokers up in ZooKeeper ({zk.Value}), FlumeNet does not read ZooKeeper, so it cannot run {subject} as written",
            $"add this line with the brokers registered in ZooKeeper (/brokers/ids): {c.Prefix}.kafka.bootstrap.servers = broker1:9092,broker2:9092");
        return false;
    }

    // TAILDIR keeps only the groups that have a path (filegroups.<g>) and fails to configure when none is left.
    private static bool CheckFileGroups(DiagnosticBag d, ComponentConfig c, string subject)
    {
        if (c.Find("filegroups") is not { } list)
        {
            return true;
        }
        var groups = NameList.SplitWhitespace(list.Value);
        var missing = groups.Where(g => c.Find("filegroups." + g) is null).ToList();
        if (missing.Count == 0)
        {
            return true;
        }
        if (missing.Count == groups.Count)
        {
            d.Error(list.Location, DiagnosticCodes.MissingRequired, $"{c.Prefix}.filegroups.{missing[0]}",
                $"no file group of {subject} has a path ({string.Join(", ", missing.Select(g => "filegroups." + g))} missing); Flume fails to configure {subject} and drops it",
                $"add {c.Prefix}.filegroups.{missing[0]} = /path/to/dir/file-name-regex");
            return false;
        }
        foreach (var g in missing)
        {
            d.Warning(list.Location, DiagnosticCodes.MissingRequired, $"{c.Prefix}.filegroups.{g}",
                $"file group '{g}' has no path; Flume skips it and tails the other groups (so does this agent)",
                $"add {c.Prefix}.filegroups.{g} = /path/to/dir/file-name-regex, or remove '{g}' from the list");
        }
        return true;
    }

    private static bool RequireWhen(DiagnosticBag d, ComponentConfig c, string subject, string key, string value, string required, string what)
    {
        var p = c.Find(key);
        if (p is null || !p.Value.Equals(value, StringComparison.OrdinalIgnoreCase) || c.Find(required) is not null)
        {
            return true;
        }
        d.Error(p.Location, DiagnosticCodes.MissingRequired, c.Prefix + "." + required,
            $"{key} = {value} needs {required} ({what}); without it {subject} cannot choose where to start",
            $"add {c.Prefix}.{required} = <unix seconds>");
        return false;
    }
}
