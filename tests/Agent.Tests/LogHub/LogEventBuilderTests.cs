using FlumeNet.Agent.Core;
using FlumeNet.Agent.LogHub;
using FlumeNet.Agent.LogHub.Protocol;
using FlumeNet.Agent.Sources.LogHub;
using Google.Protobuf;

namespace FlumeNet.Agent.Tests.LogHub;

/// <summary>Events built from decoded logs: body, the timestamp header, and header maps shared only when nothing can change them.</summary>
public sealed class LogEventBuilderTests
{
    [Fact]
    public void SharedHeaders_OneMapPerTimestamp_EachEventHasItsOwnTime()
    {
        var events = Build(shareHeaders: true, 1_700_000_000, 1_700_000_000, 1_700_000_001);
        Assert.Equal(["1700000000000", "1700000000000", "1700000001000"], events.ConvertAll(e => e.Header("timestamp")));
        Assert.Same(events[0].Headers, events[1].Headers);
        Assert.NotSame(events[1].Headers, events[2].Headers);
        Assert.Equal("""{"n":"0","__time__":"1700000000","__source__":"s","__topic__":"t"}""", System.Text.Encoding.UTF8.GetString(events[0].Body));
    }

    [Fact]
    public void WithoutSharing_EveryEventHasItsOwnMap()
    {
        var events = Build(shareHeaders: false, 1_700_000_000, 1_700_000_000);
        Assert.NotSame(events[0].Headers, events[1].Headers);
        events[0].Headers["timestamp"] = "changed";
        Assert.Equal("1700000000000", events[1].Header("timestamp"));
    }

    private static List<FlumeEvent> Build(bool shareHeaders, params uint[] times)
    {
        var group = new LogGroup { Topic = "t", Source = "s" };
        for (var i = 0; i < times.Length; i++)
        {
            var log = new Log { Time = times[i] };
            log.Contents.Add(new Log.Types.Content { Key = "n", Value = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            group.Logs.Add(log);
        }
        var bytes = new LogGroupList { LogGroupList_ = { group } }.ToByteArray();
        var events = new List<FlumeEvent>();
        var builder = new LogEventBuilder(new JsonLogBodyFormat { TimeAsField = true, SourceAsField = true, TopicAsField = true }, useRecordTime: true, shareHeaders);
        builder.Begin(events, 0);
        LogGroupListDecoder.Decode(bytes, bytes.Length, new LogRecord(), builder);
        return events;
    }
}
