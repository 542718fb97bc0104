using System.Text;
using FlumeNet.Agent.Sources.Http;

namespace FlumeNet.Agent.Tests.Sources.Http;

/// <summary>Flume's JSONHandler rules (TestJSONHandler and reference §4.1.1).</summary>
public sealed class JsonHandlerTests
{
    private static List<FlumeNet.Agent.Core.FlumeEvent> Parse(string json, string? contentType = null) =>
        JsonHandler.Parse(Encoding.UTF8.GetBytes(json), RequestCharset.Of(contentType));

    [Fact]
    public void ArrayOfEvents_GivesHeadersAndBodies()
    {
        var events = Parse("""[{"headers":{"a":"b","c":"d"},"body":"random_body"},{"headers":{"e":"f"},"body":"random_body2"}]""");
        Assert.Equal(2, events.Count);
        Assert.Equal("b", events[0].Header("a"));
        Assert.Equal("d", events[0].Header("c"));
        Assert.Equal("random_body", Encoding.UTF8.GetString(events[0].Body));
        Assert.Equal("random_body2", Encoding.UTF8.GetString(events[1].Body));
    }

    [Fact]
    public void MissingOrNullHeadersAndBody_GiveNoneAndEmpty_UnknownFieldsIgnored()
    {
        var events = Parse("""[{"body":"x"},{"headers":null,"body":null},{"other":[1,{"z":2}],"headers":{"k":"v"}}]""");
        Assert.False(events[0].HasHeaders);
        Assert.Empty(events[1].Body);
        Assert.Equal("v", events[2].Header("k"));
        Assert.Empty(events[2].Body);
    }

    [Fact]
    public void NumbersAndBooleans_AreTakenAsText()
    {
        var e = Assert.Single(Parse("""[{"headers":{"n":1.50,"t":true},"body":42}]"""));
        Assert.Equal("1.50", e.Header("n"));
        Assert.Equal("true", e.Header("t"));
        Assert.Equal("42", Encoding.UTF8.GetString(e.Body));
    }

    [Fact]
    public void EmptyArray_GivesNoEvents()
    {
        Assert.Empty(Parse("[]"));
    }

    [Fact]
    public void EscapesAndNonAscii_AreDecoded()
    {
        var e = Assert.Single(Parse("""[{"body":"caf\u00e9 \"q\" é"}]"""));
        Assert.Equal("café \"q\" é", Encoding.UTF8.GetString(e.Body));
    }

    [Fact]
    public void CommentsAreAccepted_AsGsonLenientDoes()
    {
        Assert.Single(Parse("/* c */ [ {\"body\":\"x\"} /* d */ ]"));
    }

    [Theory]
    [InlineData("""{"body":"not an array"}""")]
    [InlineData("""[{"body":"x"}""")]
    [InlineData("""[{"body":"x"}] trailing""")]
    [InlineData("""[{"headers":{"a":{"nested":1}},"body":"x"}]""")]
    [InlineData("""[{"headers":{"a":"1","a":"2"},"body":"x"}]""")]
    [InlineData("""[{"headers":"str","body":"x"}]""")]
    [InlineData("""[{"body":{"o":1}}]""")]
    [InlineData("""[1]""")]
    public void MalformedBodies_AreBadRequests(string json)
    {
        Assert.Throws<HttpBadRequestException>(() => Parse(json));
    }

    [Fact]
    public void EmptyBody_IsAnUnexpectedError_Not400()
    {
        var ex = Assert.ThrowsAny<Exception>(() => Parse(""));
        Assert.IsNotType<HttpBadRequestException>(ex);
    }

    [Theory]
    [InlineData("application/json; charset=ISO-8859-1")]
    [InlineData("application/json; charset=utf8")]
    [InlineData("application/json; charset=UTF-16LE")]
    public void OtherCharsets_AreRefused(string contentType)
    {
        Assert.Throws<NotSupportedException>(() => RequestCharset.Of(contentType));
    }

    [Fact]
    public void Utf16Request_GivesJavaUtf16Bodies()
    {
        var json = """[{"headers":{"h":"é"},"body":"é"}]""";
        var raw = new UnicodeEncoding(bigEndian: true, byteOrderMark: false).GetBytes(json);
        var e = Assert.Single(JsonHandler.Parse(raw, RequestCharset.Of("application/json; charset=UTF-16")));
        Assert.Equal(new byte[] { 0xFE, 0xFF, 0x00, 0xE9 }, e.Body);
        Assert.Equal("é", e.Header("h"));
    }

    [Fact]
    public void Utf32Request_GivesBigEndianBodies()
    {
        var raw = new UTF32Encoding(bigEndian: true, byteOrderMark: false).GetBytes("""[{"body":"a"}]""");
        var e = Assert.Single(JsonHandler.Parse(raw, RequestCharset.Of("application/json;charset=utf-32")));
        Assert.Equal(new byte[] { 0, 0, 0, (byte)'a' }, e.Body);
    }

    [Fact]
    public void RepeatedHeaders_EachEventGetsItsOwnDictionary_WithEqualContent()
    {
        var json = "[" + string.Join(",", Enumerable.Repeat("""{"headers":{"h":"v","n":7},"body":"b"}""", 40)) + "]";
        var events = Parse(json);
        Assert.Equal(40, events.Count);
        foreach (var e in events)
        {
            Assert.Equal("v", e.Headers["h"]);
            Assert.Equal("7", e.Headers["n"]);
        }
        events[0].Headers["h"] = "changed";
        Assert.Equal("v", events[1].Headers["h"]);
    }

    [Fact]
    public void InvalidUtf8InAHeader_IsABadRequest_AlsoAfterTheSameNameWasSeen()
    {
        var prefix = Encoding.UTF8.GetBytes("""[{"headers":{"h":"ok"}},{"headers":{"h":" """.TrimEnd());
        var bytes = prefix.Concat(new byte[] { 0xFF }).Concat(Encoding.UTF8.GetBytes("\"}}]")).ToArray();
        Assert.Throws<HttpBadRequestException>(() => JsonHandler.Parse(bytes, null));
    }
}
