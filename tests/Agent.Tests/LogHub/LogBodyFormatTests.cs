using System.Buffers;
using System.Text;
using FlumeNet.Agent.LogHub;
using FlumeNet.Agent.LogHub.Protocol;
using FlumeNet.Agent.Sources.LogHub;
using Google.Protobuf;

namespace FlumeNet.Agent.Tests.LogHub;

/// <summary>Event bodies built from one log (reference §8.1; the EMR format is this project's documented choice).</summary>
public sealed class LogBodyFormatTests
{
    [Fact]
    public void Emr_JsonOfContentsThenTimeTagsSourceTopic()
    {
        Assert.Equal(
            """{"a":"1","b":"","__time__":"1700000000","__tag__:k":"v","__source__":"s","__topic__":"t"}""",
            Format(JsonLogBodyFormat.Emr(), ("a", "1"), ("b", "")));
    }

    [Fact]
    public void Emr_EscapesQuotesBackslashesAndControlCharacters_KeepsUtf8()
    {
        Assert.Equal(
            """{"msg":"say \"hi\"\\ \n\t é中","__time__":"1700000000","__tag__:k":"v","__source__":"s","__topic__":"t"}""",
            Format(JsonLogBodyFormat.Emr(), ("msg", "say \"hi\"\\ \n\t é中")));
    }

    [Fact]
    public void AliyunJson_DefaultFlags_ContentsOnly_EmbedsJsonAndDropsNull()
    {
        var format = new JsonLogBodyFormat { EmbedJson = true };
        Assert.Equal(
            """{"a":"1","obj":{"x":[1,2]},"bad":"{not json}","arr":[1]}""",
            Format(format, ("a", "1"), ("obj", "{\"x\":[1,2]}"), ("bad", "{not json}"), ("n", "null"), ("arr", "[1]")));
    }

    [Fact]
    public void AliyunJson_DuplicateKeys_AndAContentNamedLikeAnAddedField_KeepTheLastValue()
    {
        var format = new JsonLogBodyFormat { EmbedJson = false, TimeAsField = true };
        Assert.Equal(
            """{"b":"2","a":"3","__time__":"1700000000"}""",
            Format(format, ("a", "1"), ("b", "2"), ("__time__", "x"), ("a", "3")));
    }

    [Fact]
    public void AliyunJson_NoAutoDetect_KeepsValuesAsStrings()
    {
        var format = new JsonLogBodyFormat { EmbedJson = false, TopicAsField = true };
        Assert.Equal("""{"obj":"{\"x\":1}","n":"null","__topic__":"t"}""", Format(format, ("obj", "{\"x\":1}"), ("n", "null")));
    }

    [Theory]
    // opencsv 4.6 rules: quote only when needed, escape quote/escape chars inside, newline to space, missing column empty.
    [InlineData("a,b,c", "a=1|b=2|c=3", false, false, "1,2,3")]
    [InlineData("c,a", "a=1|b=2|c=3", false, false, "3,1")]
    [InlineData("a,x,b", "a=1|b=2", false, false, "1,,2")]
    [InlineData("a", "a=x,y", false, false, "\"x,y\"")]
    [InlineData("a", "a=say \"hi\"", false, false, "\"say \"\"hi\"\"\"")]
    [InlineData("a", "a=line1\nline2", false, false, "line1 line2")]
    [InlineData("a", "a=cr\rhere", false, false, "\"cr\rhere\"")]
    [InlineData("a,b", "a=1|b=2", true, false, "\"1\",\"2\"")]
    [InlineData("a", "a=1|a=2", false, false, "2")]
    [InlineData("a", "a=1", false, true, "1,1700000000000")]
    public void Delimited_WritesLikeOpenCsv(string columns, string contents, bool quoteAll, bool appendTimestamp, string expected)
    {
        var format = new DelimitedLogBodyFormat(columns.Split(','), ',', '"', '"', "", quoteAll, appendTimestamp, null);
        var pairs = Array.ConvertAll(contents.Split('|'), p => (p[..p.IndexOf('=', StringComparison.Ordinal)], p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..]));
        Assert.Equal(expected, Format(format, pairs));
    }

    [Fact]
    public void Delimited_LineEndAndOtherSeparator()
    {
        var format = new DelimitedLogBodyFormat(["a", "b"], '\t', '\'', '\\', "\n", false, false, null);
        Assert.Equal("x\t'it\\'s'\n", Format(format, ("a", "x"), ("b", "it's")));
    }

    private static string Format(ILogBodyFormat format, params (string Key, string Value)[] contents)
    {
        var log = new Log { Time = 1_700_000_000 };
        foreach (var (k, v) in contents)
        {
            log.Contents.Add(new Log.Types.Content { Key = k, Value = v });
        }
        var group = new LogGroup { Topic = "t", Source = "s" };
        group.LogTags.Add(new LogTag { Key = "k", Value = "v" });
        group.Logs.Add(log);
        var bytes = new LogGroupList { LogGroupList_ = { group } }.ToByteArray();
        var capture = new Capture(format);
        LogGroupListDecoder.Decode(bytes, bytes.Length, new LogRecord(), capture);
        return capture.Text!;
    }

    private sealed class Capture(ILogBodyFormat format) : ILogRecordVisitor
    {
        public string? Text { get; private set; }

        public void Visit(LogRecord record)
        {
            var output = new ArrayBufferWriter<byte>();
            format.Write(record, "1700000000000", output);
            Text = Encoding.UTF8.GetString(output.WrittenSpan);
        }
    }
}
