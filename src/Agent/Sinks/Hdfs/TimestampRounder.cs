namespace FlumeNet.Agent.Sinks.Hdfs;

/// <summary>
/// Flume's TimestampRoundDownUtil (reference §2.6): round one calendar field of the wall clock in the zone down to a
/// multiple of the value, zero the smaller fields, and map the wall time back to an instant the way
/// <c>java.util.GregorianCalendar</c> does.
/// </summary>
internal static class TimestampRounder
{
    public static long RoundDown(long epochMs, BucketRoundUnit unit, int value, TimeZoneInfo zone)
    {
        if (value <= 0)
        {
            value = 1;
        }
        var max = unit == BucketRoundUnit.Hour ? 24 : 60;
        if (value > max)
        {
            throw new BucketPathException(
                $"hdfs.roundValue {value} is out of range for hdfs.roundUnit {unit.ToString().ToLowerInvariant()} (1 to {max})");
        }
        if (epochMs <= 0)
        {
            throw new BucketPathException(
                $"Timestamp must be positive to round it down, but it was {epochMs}; " +
                "fix the timestamp header, set hdfs.useLocalTimeStamp = true, or turn hdfs.round off");
        }
        BucketTime.CheckRange(epochMs);
        var utc = new DateTime(DateTime.UnixEpoch.Ticks + (epochMs * TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        var wall = new DateTime(utc.Ticks + zone.GetUtcOffset(utc).Ticks, DateTimeKind.Unspecified);
        wall = unit switch
        {
            BucketRoundUnit.Hour => new DateTime(wall.Year, wall.Month, wall.Day, wall.Hour - (wall.Hour % value), 0, 0),
            BucketRoundUnit.Minute => new DateTime(wall.Year, wall.Month, wall.Day, wall.Hour, wall.Minute - (wall.Minute % value), 0),
            _ => new DateTime(wall.Year, wall.Month, wall.Day, wall.Hour, wall.Minute, wall.Second - (wall.Second % value)),
        };
        return (wall.Ticks - WallOffset(wall, zone).Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
    }

    /// <summary>
    /// The offset Java's calendar applies to a wall time: in a fall-back overlap the later (standard) offset, in a
    /// spring-forward gap the offset from before the gap ("we assume standard time"). So rounding 01:30 EDT on a
    /// fall-back night yields 01:00 EST, an instant after the input; Flume does the same.
    /// </summary>
    private static TimeSpan WallOffset(DateTime wall, TimeZoneInfo zone)
    {
        if (zone.IsAmbiguousTime(wall))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(wall);
            var min = offsets[0];
            foreach (var o in offsets)
            {
                if (o < min)
                {
                    min = o;
                }
            }
            return min;
        }
        if (zone.IsInvalidTime(wall))
        {
            // Probe instants on both sides of the transition; the smaller offset is the one before the gap.
            var o1 = zone.GetUtcOffset(new DateTime(wall.Ticks, DateTimeKind.Utc));
            var o2 = zone.GetUtcOffset(new DateTime(wall.Ticks - o1.Ticks, DateTimeKind.Utc));
            var o3 = zone.GetUtcOffset(new DateTime(wall.Ticks - o2.Ticks, DateTimeKind.Utc));
            return o2 < o3 ? o2 : o3;
        }
        return zone.GetUtcOffset(wall);
    }
}
