namespace FlumeNet.Agent.Sinks.Hdfs;

/// <summary>The calendar fields of one second in one zone: what the shorthand escapes print.</summary>
internal readonly struct BucketTime
{
    // DateTime spans years 1–9999; keep two days clear so adding any zone offset stays in range.
    public const long MinEpochMs = -62_135_596_800_000 + (2 * 86_400_000);
    public const long MaxEpochMs = 253_402_300_799_999 - (2 * 86_400_000);

    private BucketTime(DateTime local, TimeSpan offset)
    {
        Year = local.Year;
        Month = local.Month;
        Day = local.Day;
        DayOfYear = local.DayOfYear;
        DayOfWeek = local.DayOfWeek;
        Hour = local.Hour;
        Minute = local.Minute;
        Second = local.Second;
        // Java prints ZONE_OFFSET + DST_OFFSET in whole minutes, truncated toward zero.
        OffsetMinutes = (int)(offset.Ticks / TimeSpan.TicksPerMinute);
    }

    public int Year { get; }

    public int Month { get; }

    public int Day { get; }

    public int DayOfYear { get; }

    public DayOfWeek DayOfWeek { get; }

    public int Hour { get; }

    public int Minute { get; }

    public int Second { get; }

    public int OffsetMinutes { get; }

    /// <summary>The wall clock at <paramref name="epochSecond"/> (floor of the ms timestamp, as Java's Date does).</summary>
    public static BucketTime At(long epochSecond, TimeZoneInfo zone)
    {
        var utc = new DateTime(DateTime.UnixEpoch.Ticks + (epochSecond * TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var offset = zone.GetUtcOffset(utc);
        return new BucketTime(new DateTime(utc.Ticks + offset.Ticks, DateTimeKind.Unspecified), offset);
    }

    public static void CheckRange(long epochMs)
    {
        if (epochMs < MinEpochMs || epochMs > MaxEpochMs)
        {
            throw new BucketPathException(
                $"Timestamp {epochMs} is outside the range of dates FlumeNet can format (years 0001 to 9999); " +
                "the timestamp header must hold epoch milliseconds");
        }
    }
}
