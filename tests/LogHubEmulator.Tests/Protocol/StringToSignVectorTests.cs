using System.Security.Cryptography;
using FlumeNet.Tools.LogHubEmulator.Protocol;

namespace FlumeNet.LogHubEmulator.Tests.Protocol;

/// <summary>
/// The 13 signature vectors A–M of reference §2.2, fed to the emulator's string-to-sign builder as a request
/// arrives (headers as sent, with unsigned noise such as user-agent and Python's x-log-date; raw wire query).
/// </summary>
public sealed class StringToSignVectorTests
{
    private const string Token =
        "CAISiwJ1q6Ft5B2yfSjIr5D7Et3+35R02JuKR1P1lk40dt1giPfK1Dz2IHhLdXNrAuEXs/w0mmBQ7v8TlqZdVplOWU3Da+B364xK7Q75jHw5B0zwv9I+k5SANTW5KXyShb3/AYjQSNfaZY3eCTTtnTNyxr3XbCirW0ffX7SClZ9gaKZ8PGD6F00kYu1bPQx/ssQXGGLMPPK2SH7Qj3HXEVBjt3gX6wo9y9zmnZHNukGH3QOqkbVM9t6rGPX+MZkwZqUYesyuwel7epDG1CNt8BVQ/M909vccpmad5YrMUgQJuEvWa7KNo8caKgJmI7M3AbBFp/WlyKMn5raOydSrkE8cePtSVynP+g0hR0dZ+YgagAEFdb+5rO1e+OZ3kcmPKF5Zh2Sni+vF1qzKA/SElND5koQQV6uvVCweKnfzCPMKjY0OXWmfgtcwOTyJ4ABGsTGnILzBNRD/+Gdqe7wclZrj0aDUkTdFf8k7SudZuO9KOPBe8mS3pJoMs1p67mWA/J4Wn0dottbprb5EQOBRxUC6bw==";

    private const string GoDate = "Mon, 3 Jan 2010 08:33:47 GMT";
    private const string CapturedDate = "Mon, 23 Nov 2026 21:32:08 GMT";
    private const string Sha1Headers = "x-log-apiversion: 0.6.0|x-log-bodyrawsize: 0|x-log-signaturemethod: hmac-sha1";

    public static TheoryData<string, string, string, string, string, string, string, string, string, string> Vectors => new()
    {
        // id, verb, content-md5, content-type, date, headers ("name: value|..."), path, raw query, secret, expected signature
        { "A", "GET", "", "", GoDate, Sha1Headers + "|User-Agent: go-sdk", "/logstores", "", "mockAccessKeySecret", "Rwm6cTKzoti4HWoe+GKcb6Kv07E=" },
        { "B", "GET", "8D6881250FF5559F59BBDF04100F6E59", "application/x-protobuf", GoDate, "x-log-apiversion: 0.6.0|x-log-bodyrawsize: 50|x-log-signaturemethod: hmac-sha1", "/logstores/app_log", "", "mockAccessKeySecret", "87xQWqFaOSewqRIma8kPjGYlXHc=" },
        { "C", "GET", "", "", "Mon, 09 Nov 2015 06:11:16 GMT", "X-Log-ApiVersion: 0.6.0|X-Log-SignatureMethod: hmac-sha1", "/logstores", "logstoreName=&offset=0&size=1000", "4fdO2fTDDnZPU/L7CHNdemB2Nsk=", "jEYOTCJs2e88o+y5F4/S5IsnBJQ=" },
        { "D", "POST", "1DD45FA4A70A9300CC9FE7305AF2C494", "application/x-protobuf", "Mon, 09 Nov 2015 06:03:03 GMT", "x-log-signaturemethod: hmac-sha1|x-log-compresstype: lz4|x-log-bodyrawsize: 50|x-log-apiversion: 0.6.0", "/logstores/test-logstore", "", "4fdO2fTDDnZPU/L7CHNdemB2Nsk=", "XWLGYHGg2F2hcfxWxMLiNkGki6g=" },
        { "E", "POST", "1DD45FA4A70A9300CC9FE7305AF2C494", "application/x-protobuf", "Mon, 09 Nov 2015 06:03:03 GMT", "x-log-apiversion: 0.6.0|x-log-bodyrawsize: 50|x-log-compresstype: lz4|x-log-signaturemethod: hmac-sha1|x-acs-security-token: " + Token, "/logstores/test-logstore", "", "56Xqw2THF5vTHTNkGWR6uGRKXToKWMi2eLFjppPNV8RR", "G3R03b6PwVI+zUaLtqezsBDL/j8=" },
        { "F", "POST", "57611421682B805BA19F747373AD0239", "application/x-protobuf", CapturedDate, "x-log-apiversion: 0.6.0|x-log-signaturemethod: hmac-sha1|user-agent: aliyun-log-nodejs-sdk|x-log-bodyrawsize: 37|content-length: 37", "/logstores/store1/shards/lb", "", "sec1", "EWSIrrvy+h+EiE/pudNKFyAcoYc=" },
        { "G", "GET", "", "", CapturedDate, Sha1Headers + "|Content-Length: 0", "/logstores/store1/shards", "", "sec1", "y3eOqVyEtYGcBdwfwdQG6EV9q0g=" },
        { "H", "GET", "", "", CapturedDate, Sha1Headers, "/logstores/store1/shards/0", "type=log&cursor=MTAwMA%3D%3D&count=10", "sec1", "r5Cd+WbzKBzcCfnuib0qMHC8nGI=" },
        { "I", "POST", "AFA5961DC1D39CD520C1E78F86F6ED40", "application/x-protobuf", CapturedDate, "x-log-apiversion: 0.6.0|x-log-bodyrawsize: 22|x-log-compresstype: deflate|x-log-signaturemethod: hmac-sha1", "/logstores/store1/shards/lb", "", "sec1", "HIkoHFVhwCZ5hluacJ2MPBxDsxM=" },
        { "J", "GET", "", "application/x-protobuf", CapturedDate, Sha1Headers + "|Accept-Encoding: lz4", "/logstores/store1/shards/0", "type=log&cursor=MTAwMA%3D%3D&count=1000", "sec1", "Y88cLx9uSmZiiUZuGCws2kBYyZ8=" },
        { "K", "POST", "CCFCD347D0BF65DC77AFE01A3306A96B", "application/json", CapturedDate, Sha1Headers + "|x-log-date: " + CapturedDate, "/logstores/store1/consumergroups/cg1", "type=heartbeat&consumer=c1", "sec1", "9RhBnmvdLQ4pI5itUbxG9XmJIUs=" },
        { "L", "GET", "", "", CapturedDate, "x-log-apiversion: 0.6.0|x-log-bodyrawsize: 0|x-log-signaturemethod: hmac-sha256", "/logstores/store1/shards", "", "sec1", "4sVtRuEkVWUGbSE5ZK8L5E5IK/w0BfFisP+1KjoRaN4=" },
        { "M", "POST", "49DFDD54B01CBCD2D2AB5E9E5EE6B9B9", "application/json", "Tue, 23 Aug 2022 12:12:03 GMT", "x-log-apiversion: 0.6.0|x-log-signaturemethod: hmac-sha1", "/logstores/test-logstore/shards/0", "action=split", "testAccessKeySecret", "nfd2hBqGd9oQRDhlXcc2XXEPUEs=" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector_ProducesExpectedSignature(
        string id, string verb, string md5, string contentType, string date, string headers, string path, string rawQuery, string secret, string expected)
    {
        var headerList = headers.Split('|')
            .Select(h => h.Split(": ", 2))
            .Select(kv => new KeyValuePair<string, string>(kv[0], kv[1]))
            .ToList();
        var method = headerList.Single(h => h.Key.Equals("x-log-signaturemethod", StringComparison.OrdinalIgnoreCase)).Value;

        var stringToSign = StringToSign.Build(verb, md5, contentType, date, headerList, path, RawQuery.Parse(rawQuery));
        var signature = SignatureAlgorithm.Sign(method, secret, stringToSign);

        Assert.True(expected == signature, $"vector {id}: expected {expected}, got {signature} for \"{stringToSign.Replace("\n", "⏎", StringComparison.Ordinal)}\"");
    }

    [Fact]
    public void VectorG_StringToSignIsTheReferenceText()
    {
        var headers = new[] { new KeyValuePair<string, string>("x-log-signaturemethod", "hmac-sha1"), new("x-log-bodyrawsize", "0"), new("x-log-apiversion", "0.6.0") };

        var text = StringToSign.Build("GET", null, null, CapturedDate, headers, "/logstores/store1/shards", []);

        Assert.Equal(
            "GET\n\n\n" + CapturedDate + "\nx-log-apiversion:0.6.0\nx-log-bodyrawsize:0\nx-log-signaturemethod:hmac-sha1\n/logstores/store1/shards",
            text);
    }

    [Fact]
    public void NoSignedHeaders_LeavesAnEmptyLine()
    {
        var text = StringToSign.Build("GET", "", "", "d", [new("Host", "x")], "/", [new("b", "2"), new("a", "")]);

        Assert.Equal("GET\n\n\nd\n\n/?a=&b=2", text);
    }

    [Fact]
    public void VectorB_ContentMd5_IsTheMd5OfItsBody()
    {
        var body = Convert.FromHexString("0a320a1e08f8b2939e0512160a07546573744b6579120b54657374436f6e74656e741a00220e31302e3233302e3230312e313137");
        Assert.Equal("8D6881250FF5559F59BBDF04100F6E59", Convert.ToHexString(MD5.HashData(body)));
    }
}
