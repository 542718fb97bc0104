using FlumeNet.Tools.LogHubEmulator.Protobuf;
using FlumeNet.Tools.LogHubEmulator.Protocol;
using K4os.Compression.LZ4;

namespace FlumeNet.LogHubEmulator.Tests.Protobuf;

/// <summary>The hex examples of reference §4 and §5, parsed and written by the emulator's codec.</summary>
public sealed class LogGroupCodecTests
{
    private const string AlicloudGroupHex = "0a150880e2cfaa0612060a016112013112050a016212001a017422017332060a016b120176";
    private const string AlicloudListHex = "0a250a150880e2cfaa0612060a016112013112050a016212001a017422017332060a016b120176";
    private const string AliyunSdkGroupHex = "0a0e0880e2cfaa0612060a01611201311a0174220173";

    private static readonly LogGroupRecord AlicloudGroup = new(
        [new LogRecord(1700000000, [new("a", "1"), new("b", "")])], Topic: "t", Source: "s", Tags: [new("k", "v")]);

    [Fact]
    public void AlicloudPutLogsBody_ParsesToItsFields()
    {
        var group = LogGroupParser.ParseGroup(Convert.FromHexString(AlicloudGroupHex));

        var log = Assert.Single(group.Logs);
        Assert.Equal(1700000000u, log.Time);
        Assert.Equal([new("a", "1"), new("b", "")], log.Contents);
        Assert.Null(log.TimeNs);
        Assert.Equal("t", group.Topic);
        Assert.Equal("s", group.Source);
        Assert.Equal([new("k", "v")], group.TagList);
    }

    [Fact]
    public void Serializer_WritesTheAlicloudBytes_IncludingTheEmptyValue()
    {
        var bytes = LogGroupSerializer.SerializeGroup(AlicloudGroup);

        Assert.Equal(AlicloudGroupHex, Convert.ToHexString(bytes).ToLowerInvariant());
    }

    [Fact]
    public void GroupList_WrapsEachGroupAsField1()
    {
        var list = LogGroupSerializer.SerializeGroupList([Convert.FromHexString(AlicloudGroupHex)]);

        Assert.Equal(AlicloudListHex, Convert.ToHexString(list).ToLowerInvariant());
        var parsed = Assert.Single(LogGroupParser.ParseGroupList(list));
        Assert.Equal("t", parsed.Topic);
    }

    [Fact]
    public void AliyunSdkBody_ParsesWithoutTags()
    {
        var group = LogGroupParser.ParseGroup(Convert.FromHexString(AliyunSdkGroupHex));

        Assert.Equal([new("a", "1")], Assert.Single(group.Logs).Contents);
        Assert.Empty(group.TagList);
        Assert.Equal(AliyunSdkGroupHex, Convert.ToHexString(LogGroupSerializer.SerializeGroup(group)).ToLowerInvariant());
    }

    [Fact]
    public void GoVectorBBody_IsALogGroupListWithAnEmptyTopic()
    {
        var groups = LogGroupParser.ParseGroupList(Convert.FromHexString(
            "0a320a1e08f8b2939e0512160a07546573744b6579120b54657374436f6e74656e741a00220e31302e3233302e3230312e313137"));

        var group = Assert.Single(groups);
        Assert.Equal("", group.Topic);
        Assert.Equal("10.230.201.117", group.Source);
        Assert.Equal([new("TestKey", "TestContent")], Assert.Single(group.Logs).Contents);
    }

    [Fact]
    public void TimeNs_IsFixed32Field4()
    {
        var bytes = LogGroupSerializer.SerializeGroup(new LogGroupRecord([new LogRecord(0, [], TimeNs: 5)]));

        Assert.Equal("0a0708002505000000", Convert.ToHexString(bytes).ToLowerInvariant());
        Assert.Equal(5u, Assert.Single(LogGroupParser.ParseGroup(bytes).Logs).TimeNs);
    }

    [Theory]
    [InlineData("0a00", "Log.Time")] // a Log without its required Time
    [InlineData("0a0708011203120131", "Log.Content.Key")] // a Content without Key
    [InlineData("0a07080112030a0161", "Log.Content.Value")] // a Content without Value
    [InlineData("32030a016b", "LogTag.Value")] // a LogTag without Value
    [InlineData("0a05", "")] // truncated
    public void MissingRequiredFieldsOrTruncation_ArePostBodyInvalid(string hex, string mentioned)
    {
        var error = Assert.Throws<LogHubException>(() => LogGroupParser.ParseGroup(Convert.FromHexString(hex)));

        Assert.Equal("PostBodyInvalid", error.ErrorCode);
        Assert.Equal(400, error.Status);
        Assert.Contains(mentioned, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8_IsInvalidEncoding()
    {
        var error = Assert.Throws<LogHubException>(() => LogGroupParser.ParseGroup(Convert.FromHexString("1a01ff")));

        Assert.Equal("InvalidEncoding", error.ErrorCode);
    }

    [Fact]
    public void UnknownFields_AreSkipped()
    {
        var group = LogGroupParser.ParseGroup(Convert.FromHexString("4001" + AlicloudGroupHex));

        Assert.Equal("t", group.Topic);
    }

    [Fact]
    public void HandMadeLz4Vector_DecodesToTheGroupList()
    {
        var block = Convert.FromHexString("f0180a250a150880e2cfaa0612060a016112013112050a016212001a017422017332060a016b120176");
        var raw = new byte[39];

        Assert.Equal(39, LZ4Codec.Decode(block, raw));
        Assert.Equal(AlicloudListHex, Convert.ToHexString(raw).ToLowerInvariant());
        Assert.Equal(raw, PayloadCompression.Decompress("lz4", "39", block));
    }
}
