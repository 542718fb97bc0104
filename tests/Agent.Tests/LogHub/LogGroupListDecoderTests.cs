using System.Text;
using FlumeNet.Agent.LogHub;
using FlumeNet.Agent.LogHub.Protocol;
using Google.Protobuf;

namespace FlumeNet.Agent.Tests.LogHub;

public sealed class LogGroupListDecoderTests
{
    // Reference §4: LogGroup{Logs:[{Time:1700000000, a="1", b=""}], Topic:"t", Source:"s", LogTags:[k=v]} as a LogGroupList.
    private const string ListHex = "0a250a150880e2cfaa0612060a016112013112050a016212001a017422017332060a016b120176";

    [Fact]
    public void Decode_ReferenceExample_YieldsTheLogWithItsGroupFields()
    {
        var bytes = Convert.FromHexString(ListHex);
        var seen = new Collector();
        var groups = LogGroupListDecoder.Decode(bytes, bytes.Length, new LogRecord(), seen);
        Assert.Equal(1, groups);
        var log = Assert.Single(seen.Logs);
        Assert.Equal("1700000000 a=1 b= topic=t source=s tags=k=v", log);
    }

    [Fact]
    public void Decode_Lz4BlockOfReference_DecompressesToTheList()
    {
        var block = Convert.FromHexString("f018" + ListHex);
        var (buffer, length) = LogHubCompression.Decompress("PullLogs", "lz4", block, 39);
        Assert.Equal(ListHex, Convert.ToHexString(buffer, 0, length).ToLowerInvariant());
    }

    [Fact]
    public void Decompress_WrongAnnouncedSize_IsAClearError()
    {
        var block = Convert.FromHexString("f018" + ListHex);
        var ex = Assert.Throws<LogHubException>(() => LogHubCompression.Decompress("PullLogs", "lz4", block, 30));
        Assert.Contains("does not decode to the announced 30 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_WhatGoogleProtobufWrites_RoundTrips()
    {
        var list = new LogGroupList();
        for (var g = 0; g < 3; g++)
        {
            var group = new LogGroup { Topic = "topic" + g, Source = "10.0.0." + g };
            group.LogTags.Add(new LogTag { Key = "__hostname__", Value = "h" + g });
            for (var i = 0; i < 4; i++)
            {
                var log = new Log { Time = (uint)(1_700_000_000 + (g * 10) + i) };
                log.Contents.Add(new Log.Types.Content { Key = "seq", Value = $"{g}-{i}" });
                log.Contents.Add(new Log.Types.Content { Key = "msg", Value = "héllo \"x\"" });
                if (i % 2 == 0)
                {
                    log.TimeNs = 123;
                }
                group.Logs.Add(log);
            }
            list.LogGroupList_.Add(group);
        }
        var bytes = list.ToByteArray();
        var seen = new Collector();
        Assert.Equal(3, LogGroupListDecoder.Decode(bytes, bytes.Length, new LogRecord(), seen));
        Assert.Equal(12, seen.Logs.Count);
        Assert.Equal("1700000021 seq=2-1 msg=héllo \"x\" topic=topic2 source=10.0.0.2 tags=__hostname__=h2", seen.Logs[9]);
    }

    [Fact]
    public void Decode_EmptyStringsAreKept_ThanksToProto2()
    {
        var group = new LogGroup();
        var log = new Log { Time = 0 };
        log.Contents.Add(new Log.Types.Content { Key = "k", Value = "" });
        group.Logs.Add(log);
        var bytes = new LogGroupList { LogGroupList_ = { group } }.ToByteArray();
        var seen = new Collector();
        LogGroupListDecoder.Decode(bytes, bytes.Length, new LogRecord(), seen);
        Assert.Equal("0 k= topic= source= tags=", Assert.Single(seen.Logs));
    }

    [Theory]
    // A Content's key and value in the usual order, then in others the fast path hands to the general reader.
    [InlineData("0a0161120131", "a=1")]
    [InlineData("1201310a0161", "a=1")]
    [InlineData("0a01611201311805", "a=1")]
    [InlineData("0a01780a0161120131", "a=1")]
    [InlineData("0a0161120178120131", "a=1")]
    [InlineData("0a0161", "a=")]
    [InlineData("120131", "=1")]
    public void Decode_ContentFieldsInAnyOrder_LastOfEachWins(string pairHex, string expected)
    {
        var pair = Convert.FromHexString(pairHex);
        byte[] log = [0x08, 0x80, 0xe2, 0xcf, 0xaa, 0x06, 0x12, (byte)pair.Length, .. pair];
        byte[] group = [0x0a, (byte)log.Length, .. log];
        byte[] list = [0x0a, (byte)group.Length, .. group];
        var seen = new Collector();
        LogGroupListDecoder.Decode(list, list.Length, new LogRecord(), seen);
        Assert.Equal("1700000000 " + expected + " topic= source= tags=", Assert.Single(seen.Logs));
    }

    [Theory]
    [InlineData("0a05", "runs past the end")]
    [InlineData("0a030a0108", "varint runs past")]
    [InlineData("0a040a021200", "no Time")]
    [InlineData("0aff", "varint runs past")]
    public void Decode_Malformed_ThrowsInvalidData(string hex, string message)
    {
        var bytes = Convert.FromHexString(hex);
        var ex = Assert.Throws<InvalidDataException>(() => LogGroupListDecoder.Decode(bytes, bytes.Length, new LogRecord(), new Collector()));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    private sealed class Collector : ILogRecordVisitor
    {
        public List<string> Logs { get; } = [];

        public void Visit(LogRecord record)
        {
            var sb = new StringBuilder().Append(record.Time);
            for (var i = 0; i < record.ContentCount; i++)
            {
                sb.Append(' ').Append(Encoding.UTF8.GetString(record.Key(i))).Append('=').Append(Encoding.UTF8.GetString(record.Value(i)));
            }
            sb.Append(" topic=").Append(Encoding.UTF8.GetString(record.Topic)).Append(" source=").Append(Encoding.UTF8.GetString(record.Source)).Append(" tags=");
            for (var i = 0; i < record.TagCount; i++)
            {
                sb.Append(Encoding.UTF8.GetString(record.TagKey(i))).Append('=').Append(Encoding.UTF8.GetString(record.TagValue(i)));
            }
            Logs.Add(sb.ToString());
        }
    }
}
