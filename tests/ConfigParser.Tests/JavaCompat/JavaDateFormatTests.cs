using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.ConfigParser.Tests.JavaCompat;

public sealed class JavaDateFormatTests
{
    private static readonly DateTimeOffset T = new(2026, 1, 2, 15, 4, 5, 6, TimeSpan.FromHours(8));

    [Theory]
    [InlineData("yyyy", "2026")]
    [InlineData("yy", "26")]
    [InlineData("MM/dd", "01/02")]
    [InlineData("MMM", "Jan")]
    [InlineData("MMMM", "January")]
    [InlineData("EEE", "Fri")]
    [InlineData("HH:mm:ss", "15:04:05")]
    [InlineData("hh a", "03 PM")]
    [InlineData("SSS", "006")]
    [InlineData("Z", "+0800")]
    [InlineData("'at' HH", "at 15")]
    [InlineData("''", "'")]
    [InlineData("D", "2")]
    public void Format_MatchesSimpleDateFormat(string pattern, string expected) => Assert.Equal(expected, JavaDateFormat.TryFormat(pattern, T));

    [Theory]
    [InlineData("q")]
    [InlineData("'unterminated")]
    public void Format_RejectsInvalidPatterns(string pattern) => Assert.Null(JavaDateFormat.TryFormat(pattern, T));
}
