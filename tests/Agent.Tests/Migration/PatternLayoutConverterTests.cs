using FlumeNet.Agent.Migration;
using NLog;
using NLog.Layouts;
using FlumeNet.ConfigParser.JavaCompat;

namespace FlumeNet.Agent.Tests.Migration;

public sealed class PatternLayoutConverterTests
{
    private const string Exception = PatternLayoutConverter.ExceptionSuffix;

    [Theory]
    [InlineData("%m%n", "${message}" + Exception)]
    [InlineData("%-5p %c - %m%n", "${level:uppercase=true:padding=-5} ${logger} - ${message}" + Exception)]
    [InlineData("%d{yyyy-MM-dd HH:mm:ss,SSS} [%t] %p %c{1} %m%n",
        "${date:format=yyyy-MM-dd HH\\:mm\\:ss,fff} [${threadname:whenEmpty=${threadid}}] ${level:uppercase=true} ${logger:shortName=true} ${message}" + Exception)]
    [InlineData("%d{ISO8601} %x %X{txid} %L%n", "${date:format=yyyy-MM-dd HH\\:mm\\:ss,fff} ${scopenested} ${scopeproperty:item=txid} ${callsite-linenumber}" + Exception)]
    [InlineData("(%C.%M:%L)", "(${callsite:className=true:methodName=false}.${callsite:className=false:methodName=true}:${callsite-linenumber})" + Exception)]
    [InlineData("100%% %m", "100% ${message}" + Exception)]
    [InlineData("%m%n%throwable", "${message}" + Exception)]
    [InlineData("%m %ex%n", "${message} ${exception:format=tostring}")]
    [InlineData("%-20t|%m", "${pad:padding=-20:inner=${threadname:whenEmpty=${threadid}}}|${message}" + Exception)]
    public void Convert_Log4jPatterns(string pattern, string expected)
    {
        var notes = new List<string>();
        Assert.Equal(expected, PatternLayoutConverter.Convert(pattern, log4j2: false, notes));
    }

    [Fact]
    public void Convert_Log4j2LongNames_AndIso8601WithT()
    {
        var notes = new List<string>();
        var layout = PatternLayoutConverter.Convert("%d{ISO8601} %-5level [%thread] %logger{1} - %msg%n", log4j2: true, notes);
        Assert.Equal("${date:format=yyyy-MM-dd\\\\THH\\:mm\\:ss,fff} ${level:uppercase=true:padding=-5} [${threadname:whenEmpty=${threadid}}] ${logger:shortName=true} - ${message}" + Exception, layout);
        Assert.Empty(notes);
    }

    [Fact]
    public void Convert_ReportsWhatItCannotCarry()
    {
        var notes = new List<string>();
        var layout = PatternLayoutConverter.Convert("%marker %.10c %m", log4j2: true, notes);
        Assert.Equal("${logger} ${message}" + Exception, layout.TrimStart());
        Assert.Equal(2, notes.Count);
    }

    [Fact]
    public void ConvertedLayouts_RenderInNLog()
    {
        var notes = new List<string>();
        var text = PatternLayoutConverter.Convert("%d{dd MMM yyyy HH:mm:ss,SSS} %-5p [%t] (%c{1}) %x - %m%n", log4j2: false, notes);
        var layout = Layout.FromString(text, throwConfigExceptions: true);
        var e = new LogEventInfo(LogLevel.Warn, "FlumeNet.Agent.Sinks.Hdfs.BucketWriter", "Closing file")
        {
            TimeStamp = new DateTime(2026, 11, 23, 10, 30, 5, 123, DateTimeKind.Local),
        };
        var rendered = layout.Render(e);
        Assert.StartsWith("23 Nov 2026 10:30:05,123 WARN  [", rendered, StringComparison.Ordinal);
        Assert.EndsWith("(BucketWriter)  - Closing file", rendered, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yyyy-MM-dd'T'HH:mm:ss.SSSZ", "yyyy-MM-dd\\THH:mm:ss.fffzzz")]
    [InlineData("EEE, d MMM yyyy hh:mm a", "ddd, d MMM yyyy hh:mm tt")]
    [InlineData("yyMMdd", "yyMMdd")]
    public void JavaDateFormat_ToDotNet(string java, string dotnet)
    {
        Assert.Equal(dotnet, JavaDatePattern.ToDotNet(java, []));
    }
}
