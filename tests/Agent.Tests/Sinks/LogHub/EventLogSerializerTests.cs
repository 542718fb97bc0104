using System.Text;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.LogHub.Protocol;
using FlumeNet.Agent.Sinks.LogHub;

namespace FlumeNet.Agent.Tests.Sinks.LogHub;

/// <summary>The LogHub sink's serializers (aliyun-log-flume, reference §8.2): event → log fields and time.</summary>
public sealed class EventLogSerializerTests
{
    private const uint Now = 1_700_000_000;

    [Fact]
    public void Simple_WholeBodyInOneField()
    {
        var log = new SimpleEventLogSerializer("body", Encoding.UTF8).Serialize(Event("héllo, world"), Now);
        Assert.Equal("body=héllo, world @1700000000", Show(log));
    }

    [Theory]
    [InlineData("a,b,c", "1,2,3", "a=1 b=2 c=3")]
    [InlineData("a,b", "1,2,3", "a=1 b=2")]
    [InlineData("a,b,c", "1,2", "a=1 b=2")]
    [InlineData("a,b", "\"x,y\",z", "a=x,y b=z")]
    [InlineData("a", "\"say \"\"hi\"\"\"", "a=say \"hi\"")]
    [InlineData("a,b", ",", "a= b=")]
    public void Delimited_ParsesLikeOpenCsv(string columns, string body, string expected)
    {
        var serializer = new DelimitedEventLogSerializer(columns.Split(','), ',', '"', '"', useRecordTime: false);
        Assert.Equal(expected + " @1700000000", Show(serializer.Serialize(Event(body + "\n"), Now)));
    }

    [Fact]
    public void Delimited_UseRecordTime_TimestampColumnSetsTheTime()
    {
        var serializer = new DelimitedEventLogSerializer(["timestamp", "msg"], ',', '"', '"', useRecordTime: true);
        Assert.Equal("msg=up @1600000000", Show(serializer.Serialize(Event("1600000000,up"), Now)));
    }

    [Fact]
    public void Delimited_UnterminatedQuote_IsRefused()
    {
        var serializer = new DelimitedEventLogSerializer(["a"], ',', '"', '"', useRecordTime: false);
        Assert.Throws<FormatException>(() => serializer.Serialize(Event("\"open"), Now));
    }

    [Fact]
    public void Json_TopLevelKeysBecomeFields_TimeFromEpochField()
    {
        var serializer = new JsonEventLogSerializer(Encoding.UTF8, "t", "epoch");
        var log = serializer.Serialize(Event("""{"t":"1600000000","n":5,"o":{"x":1},"z":null}"""), Now);
        Assert.Equal("t=1600000000 n=5 o={\"x\":1} z=null @1600000000", Show(log));
    }

    [Fact]
    public void Json_PatternTime_ReadInUtc()
    {
        var serializer = new JsonEventLogSerializer(Encoding.UTF8, "time", "yyyy-MM-dd HH:mm:ss");
        Assert.Equal(1_600_000_000u, serializer.Serialize(Event("""{"time":"2020-09-13 12:26:40"}"""), Now).Time);
    }

    [Fact]
    public void Json_NotAnObject_IsRefused() =>
        Assert.Throws<FormatException>(() => new JsonEventLogSerializer(Encoding.UTF8, null, null).Serialize(Event("[1]"), Now));

    [Fact]
    public void Regex_GroupsBecomeFields_NoMatchGivesContent_TimeInUtcPlus8()
    {
        var serializer = new RegexEventLogSerializer(@"(\S+) (\S+ \S+) (.*)", ["level", "time", "msg"], [], Encoding.UTF8, "time", "yyyy-MM-dd HH:mm:ss");
        Assert.Equal("level=INFO time=2020-09-13 20:26:40 msg=started @1600000000", Show(serializer.Serialize(Event("INFO 2020-09-13 20:26:40 started"), Now)));
        Assert.Equal("content=nope @1700000000", Show(serializer.Serialize(Event("nope"), Now)));
    }

    [Fact]
    public void Regex_ExpandJsonKeys()
    {
        var serializer = new RegexEventLogSerializer(@"(\w+) (.*)", ["kind", "data"], ["data"], Encoding.UTF8, null, null);
        Assert.Equal("kind=evt a=1 b=x @1700000000", Show(serializer.Serialize(Event("evt {\"a\":1,\"b\":\"x\"}"), Now)));
    }

    private static FlumeEvent Event(string body) => new(Encoding.UTF8.GetBytes(body));

    private static string Show(Log log) =>
        string.Join(' ', log.Contents.Select(c => c.Key + "=" + c.Value)) + " @" + log.Time;
}
