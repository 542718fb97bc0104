using FlumeNet.Agent.LogHub;

namespace FlumeNet.Agent.Tests.LogHub;

public sealed class LogHubEndpointTests
{
    [Theory]
    [InlineData("cn-hangzhou.log.aliyuncs.com", "http://cn-hangzhou.log.aliyuncs.com/", "p1.cn-hangzhou.log.aliyuncs.com")]
    [InlineData("https://cn-hangzhou.log.aliyuncs.com", "https://cn-hangzhou.log.aliyuncs.com/", "p1.cn-hangzhou.log.aliyuncs.com")]
    [InlineData("http://127.0.0.1:8080/", "http://127.0.0.1:8080/", "p1.127.0.0.1:8080")]
    [InlineData(" 127.0.0.1:9 ", "http://127.0.0.1:9/", "p1.127.0.0.1:9")]
    public void Parse_ConnectsToEndpoint_SendsProjectInHost(string endpoint, string baseUri, string host)
    {
        var e = LogHubEndpoint.Parse(endpoint, "p1");
        Assert.Equal(baseUri, e.BaseUri.ToString());
        Assert.Equal(host, e.HostHeader);
    }

    [Theory]
    [InlineData("ftp://x")]
    [InlineData("http://host/path")]
    [InlineData("")]
    public void Parse_NotAnEndpoint_Throws(string endpoint) =>
        Assert.Throws<FormatException>(() => LogHubEndpoint.Parse(endpoint, "p1"));

    [Theory]
    [InlineData(403, "ShardReadQuotaExceed", LogHubErrorKind.Throttled)]
    [InlineData(403, "WriteQuotaExceed", LogHubErrorKind.Throttled)]
    [InlineData(401, "SignatureNotMatch", LogHubErrorKind.Fatal)]
    [InlineData(401, "Unauthorized", LogHubErrorKind.Fatal)]
    [InlineData(404, "LogStoreNotExist", LogHubErrorKind.Fatal)]
    [InlineData(400, "ConsumerNotMatch", LogHubErrorKind.ShardLost)]
    [InlineData(404, "ConsumerNotExsit", LogHubErrorKind.ShardLost)]
    [InlineData(400, "InvalidCursor", LogHubErrorKind.InvalidCursor)]
    [InlineData(503, "ServerBusy", LogHubErrorKind.Transient)]
    [InlineData(502, "Whatever", LogHubErrorKind.Transient)]
    [InlineData(400, "PostBodyInvalid", LogHubErrorKind.Rejected)]
    public void Classify_FollowsReferenceTable(int status, string code, LogHubErrorKind kind) =>
        Assert.Equal(kind, LogHubException.Classify(status, code));

    [Fact]
    public void Credentials_ToString_HidesSecretAndToken()
    {
        var c = new LogHubCredentials("AKID", "very-secret", "sts-token-value");
        Assert.DoesNotContain("very-secret", c.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sts-token", c.ToString(), StringComparison.Ordinal);
        Assert.Contains("AKID", c.ToString(), StringComparison.Ordinal);
    }
}
