using System.Globalization;
using FlumeNet.LogHubEmulator.Tests.Infrastructure;
using FlumeNet.Tools.LogHubEmulator;

namespace FlumeNet.LogHubEmulator.Tests.Protocol;

/// <summary>Signature checks over HTTP (reference §2.1, §10.2).</summary>
public sealed class SignatureVerificationTests : EmulatorTestBase
{
    protected override LogHubEmulatorOptions Configure(LogHubEmulatorOptions options) =>
        options with { AdditionalAccessKeys = new Dictionary<string, string> { ["id2"] = "sec2" } };

    [Fact]
    public async Task CorrectlySignedRequest_IsServed()
    {
        using var response = await Client.GetAsync($"/logstores/{LogstoreName}/shards");

        await LogHubAssert.OkJsonAsync(response);
    }

    [Fact]
    public async Task WrongSecret_IsSignatureNotMatch()
    {
        using var client = NewClient(secret: "not-the-secret");

        using var response = await client.GetAsync($"/logstores/{LogstoreName}/shards");

        await LogHubAssert.ErrorAsync(response, 401, "SignatureNotMatch");
    }

    [Fact]
    public async Task UnknownAccessKeyId_IsUnauthorized()
    {
        using var client = NewClient(keyId: "somebody-else");

        using var response = await client.GetAsync($"/logstores/{LogstoreName}/shards");

        await LogHubAssert.ErrorAsync(response, 401, "Unauthorized");
    }

    [Fact]
    public async Task AdditionalKeyPair_IsAccepted()
    {
        using var client = NewClient("id2", "sec2");

        using var response = await client.GetAsync($"/logstores/{LogstoreName}/shards");

        await LogHubAssert.OkAsync(response);
    }

    [Fact]
    public async Task MissingAuthorization_IsUnauthorized()
    {
        using var response = await Client.SendAsync(HttpMethod.Get, "/logstores", tweak: r => r.Headers.Remove("Authorization"));

        await LogHubAssert.ErrorAsync(response, 401, "Unauthorized");
    }

    [Theory]
    [InlineData(16, 400, "RequestTimeTooSkewed")]
    [InlineData(-16, 400, "RequestTimeTooSkewed")]
    [InlineData(14, 200, null)]
    [InlineData(-14, 200, null)]
    public async Task DateSkew_IsLimitedToFifteenMinutes(int minutes, int status, string? errorCode)
    {
        Client.DateOffset = TimeSpan.FromMinutes(minutes);

        using var response = await Client.GetAsync("/logstores");

        if (errorCode is null)
        {
            await LogHubAssert.OkAsync(response);
        }
        else
        {
            await LogHubAssert.ErrorAsync(response, status, errorCode);
        }
    }

    [Fact]
    public async Task WithoutDate_TheUnsignedXLogDateHeaderIsUsed()
    {
        var date = Clock.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);

        using var response = await Client.SendAsync(
            HttpMethod.Get,
            "/logstores",
            extraHeaders: [new("x-log-date", date)],
            tweak: r => r.Headers.Remove("Date"));

        await LogHubAssert.OkAsync(response);
    }

    [Fact]
    public async Task WithoutDateAndXLogDate_IsMissingDate()
    {
        using var response = await Client.SendAsync(HttpMethod.Get, "/logstores", tweak: r => r.Headers.Remove("Date"));

        await LogHubAssert.ErrorAsync(response, 400, "MissingDate");
    }

    [Fact]
    public async Task PythonStyleXLogDate_NextToDate_IsNotSigned()
    {
        var date = Clock.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);

        using var response = await Client.SendAsync(HttpMethod.Get, "/logstores", extraHeaders: [new("x-log-date", date)]);

        await LogHubAssert.OkAsync(response);
    }

    [Fact]
    public async Task HmacSha256_IsAccepted()
    {
        Client.SignatureMethod = "hmac-sha256";

        using var response = await Client.GetAsync($"/logstores/{LogstoreName}/shards");

        await LogHubAssert.OkAsync(response);
    }

    [Fact]
    public async Task UnknownSignatureMethod_IsRejected()
    {
        Client.SignatureMethod = "hmac-md5";

        using var response = await Client.GetAsync("/logstores");

        await LogHubAssert.ErrorAsync(response, 400, "ParameterInvalid");
    }

    [Fact]
    public async Task ContentMd5NotMatchingTheBody_IsRejected()
    {
        using var response = await Client.PostJsonAsync("/logstores/store1/consumergroups", """{"consumerGroup":"cg","timeout":60,"order":false}""");
        await LogHubAssert.OkAsync(response);

        using var tampered = await Client.SendAsync(
            HttpMethod.Post,
            "/logstores/store1/consumergroups",
            "{\"consumerGroup\":\"cg2\",\"timeout\":60}"u8.ToArray(),
            "application/json",
            tweak: r =>
            {
                r.Content!.Headers.Remove("Content-MD5");
                r.Content.Headers.TryAddWithoutValidation("Content-MD5", "00000000000000000000000000000000");
            });

        await LogHubAssert.ErrorAsync(tampered, 400, "ParameterInvalid");
    }

    [Fact]
    public async Task ChangedBody_WithItsOwnMd5_DoesNotMatchTheSignature()
    {
        using var response = await Client.SendAsync(
            HttpMethod.Post,
            "/logstores/store1/consumergroups",
            "{\"consumerGroup\":\"cg2\",\"timeout\":60}"u8.ToArray(),
            "application/json",
            tweak: r =>
            {
                var other = "{\"consumerGroup\":\"cg3\",\"timeout\":60}"u8.ToArray();
                r.Content = new ByteArrayContent(other);
                r.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
                r.Content.Headers.TryAddWithoutValidation("Content-MD5", Convert.ToHexString(System.Security.Cryptography.MD5.HashData(other)));
            });

        await LogHubAssert.ErrorAsync(response, 401, "SignatureNotMatch");
    }

    [Fact]
    public async Task JavaStyleContentTypeOnGet_IsSignedVerbatim()
    {
        using var response = await Client.SendAsync(HttpMethod.Get, $"/logstores/{LogstoreName}/shards", [], "application/x-protobuf");

        await LogHubAssert.OkAsync(response);
    }

    [Fact]
    public async Task QueryValues_AreSignedDecoded_PlusAsSpace()
    {
        // The wire value "a+b%2Bc" decodes to "a b+c"; the test signer signs the decoded value.
        using var response = await Client.GetAsync("/logstores?logstoreName=a+b%2Bc&offset=0&size=10");

        var json = await LogHubAssert.OkJsonAsync(response);
        Assert.Equal(0, json.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task SignedHeaderAlteredAfterSigning_IsSignatureNotMatch()
    {
        using var response = await Client.SendAsync(HttpMethod.Get, "/logstores", tweak: r =>
        {
            r.Headers.Remove("x-log-bodyrawsize");
            r.Headers.TryAddWithoutValidation("x-log-bodyrawsize", "1");
        });

        await LogHubAssert.ErrorAsync(response, 401, "SignatureNotMatch");
    }

    [Fact]
    public async Task WrongKey_EachRequestIsCountedOnce()
    {
        using var client = NewClient(secret: "bad");
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync("/logstores");
            Assert.Equal(401, (int)response.StatusCode);
        }

        var statistics = Server.GetStatistics();
        Assert.Equal(3, statistics.Count("ListLogStores", 401));
        Assert.Equal(3, statistics.CountError("SignatureNotMatch"));
        Assert.Equal(3, statistics.TotalRequests);
    }
}
