using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.ConfigParser.Tests.JavaCompat;

public sealed class JavaTimeZonesTests
{
    [Theory]
    [InlineData("Asia/Shanghai", 8 * 60)]
    [InlineData("UTC", 0)]
    [InlineData("GMT+8", 8 * 60)]
    [InlineData("GMT-05:30", -(5 * 60 + 30))]
    [InlineData("CTT", 8 * 60)]
    public void Find_KnowsJavaIds(string id, int offsetMinutes)
    {
        var zone = JavaTimeZones.Find(id);
        Assert.NotNull(zone);
        Assert.Equal(offsetMinutes, (int)zone.GetUtcOffset(new DateTime(2026, 1, 15, 0, 0, 0, DateTimeKind.Utc)).TotalMinutes);
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("GMT+99")]
    [InlineData("")]
    public void Find_RefusesUnknownIds(string id) => Assert.Null(JavaTimeZones.Find(id));
}
