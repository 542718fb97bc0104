using FlumeNet.Agent.LogHub;

namespace FlumeNet.Agent.Tests.LogHub;

/// <summary>The 13 signature vectors of reference loghub.md §2.2 (SDK, captured and derived), signed by the client's signer.</summary>
public sealed class LogHubSignerTests
{
    private const string Token =
        "CAISiwJ1q6Ft5B2yfSjIr5D7Et3+35R02JuKR1P1lk40dt1giPfK1Dz2IHhLdXNrAuEXs/w0mmBQ7v8TlqZdVplOWU3Da+B364xK7Q75jHw5B0zwv9I+k5SANTW5KXyShb3/AYjQSNfaZY3eCTTtnTNyxr3XbCirW0ffX7SClZ9gaKZ8PGD6F00kYu1bPQx/ssQXGGLMPPK2SH7Qj3HXEVBjt3gX6wo9y9zmnZHNukGH3QOqkbVM9t6rGPX+MZkwZqUYesyuwel7epDG1CNt8BVQ/M909vccpmad5YrMUgQJuEvWa7KNo8caKgJmI7M3AbBFp/WlyKMn5raOydSrkE8cePtSVynP+g0hR0dZ+YgagAEFdb+5rO1e+OZ3kcmPKF5Zh2Sni+vF1qzKA/SElND5koQQV6uvVCweKnfzCPMKjY0OXWmfgtcwOTyJ4ABGsTGnILzBNRD/+Gdqe7wclZrj0aDUkTdFf8k7SudZuO9KOPBe8mS3pJoMs1p67mWA/J4Wn0dottbprb5EQOBRxUC6bw==";

    private const string Go = "Mon, 3 Jan 2010 08:33:47 GMT";
    private const string Captured = "Mon, 23 Nov 2026 21:32:08 GMT";

    public static IEnumerable<object[]> Vectors =>
    [
        // id, secret, method, verb, md5, content type, date, headers (k:v|k:v), path, query (k=v&k=v), expected
        [ "A", "mockAccessKeySecret", "hmac-sha1", "GET", "", "", Go, "x-log-apiversion:0.6.0|x-log-bodyrawsize:0|x-log-signaturemethod:hmac-sha1", "/logstores", "", "Rwm6cTKzoti4HWoe+GKcb6Kv07E=" ],
        [ "B", "mockAccessKeySecret", "hmac-sha1", "GET", "8D6881250FF5559F59BBDF04100F6E59", "application/x-protobuf", Go, "x-log-apiversion:0.6.0|x-log-bodyrawsize:50|x-log-signaturemethod:hmac-sha1", "/logstores/app_log", "", "87xQWqFaOSewqRIma8kPjGYlXHc=" ],
        [ "C", "4fdO2fTDDnZPU/L7CHNdemB2Nsk=", "hmac-sha1", "GET", "", "", "Mon, 09 Nov 2015 06:11:16 GMT", "x-log-apiversion:0.6.0|x-log-signaturemethod:hmac-sha1", "/logstores", "logstoreName=&offset=0&size=1000", "jEYOTCJs2e88o+y5F4/S5IsnBJQ=" ],
        [ "D", "4fdO2fTDDnZPU/L7CHNdemB2Nsk=", "hmac-sha1", "POST", "1DD45FA4A70A9300CC9FE7305AF2C494", "application/x-protobuf", "Mon, 09 Nov 2015 06:03:03 GMT", "x-log-apiversion:0.6.0|x-log-bodyrawsize:50|x-log-compresstype:lz4|x-log-signaturemethod:hmac-sha1", "/logstores/test-logstore", "", "XWLGYHGg2F2hcfxWxMLiNkGki6g=" ],
        [ "E", "56Xqw2THF5vTHTNkGWR6uGRKXToKWMi2eLFjppPNV8RR", "hmac-sha1", "POST", "1DD45FA4A70A9300CC9FE7305AF2C494", "application/x-protobuf", "Mon, 09 Nov 2015 06:03:03 GMT", "x-log-apiversion:0.6.0|x-log-bodyrawsize:50|x-log-compresstype:lz4|x-log-signaturemethod:hmac-sha1|x-acs-security-token:" + Token, "/logstores/test-logstore", "", "G3R03b6PwVI+zUaLtqezsBDL/j8=" ],
        [ "F", "sec1", "hmac-sha1", "POST", "57611421682B805BA19F747373AD0239", "application/x-protobuf", Captured, "x-log-apiversion:0.6.0|x-log-bodyrawsize:37|x-log-signaturemethod:hmac-sha1", "/logstores/store1/shards/lb", "", "EWSIrrvy+h+EiE/pudNKFyAcoYc=" ],
        [ "G", "sec1", "hmac-sha1", "GET", "", "", Captured, "x-log-apiversion:0.6.0|x-log-bodyrawsize:0|x-log-signaturemethod:hmac-sha1", "/logstores/store1/shards", "", "y3eOqVyEtYGcBdwfwdQG6EV9q0g=" ],
        [ "H", "sec1", "hmac-sha1", "GET", "", "", Captured, "x-log-apiversion:0.6.0|x-log-bodyrawsize:0|x-log-signaturemethod:hmac-sha1", "/logstores/store1/shards/0", "type=log&cursor=MTAwMA==&count=10", "r5Cd+WbzKBzcCfnuib0qMHC8nGI=" ],
        [ "I", "sec1", "hmac-sha1", "POST", "AFA5961DC1D39CD520C1E78F86F6ED40", "application/x-protobuf", Captured, "x-log-apiversion:0.6.0|x-log-bodyrawsize:22|x-log-compresstype:deflate|x-log-signaturemethod:hmac-sha1", "/logstores/store1/shards/lb", "", "HIkoHFVhwCZ5hluacJ2MPBxDsxM=" ],
        [ "J", "sec1", "hmac-sha1", "GET", "", "application/x-protobuf", Captured, "x-log-apiversion:0.6.0|x-log-bodyrawsize:0|x-log-signaturemethod:hmac-sha1", "/logstores/store1/shards/0", "type=log&cursor=MTAwMA==&count=1000", "Y88cLx9uSmZiiUZuGCws2kBYyZ8=" ],
        [ "K", "sec1", "hmac-sha1", "POST", "CCFCD347D0BF65DC77AFE01A3306A96B", "application/json", Captured, "x-log-apiversion:0.6.0|x-log-bodyrawsize:0|x-log-signaturemethod:hmac-sha1", "/logstores/store1/consumergroups/cg1", "type=heartbeat&consumer=c1", "9RhBnmvdLQ4pI5itUbxG9XmJIUs=" ],
        [ "L", "sec1", "hmac-sha256", "GET", "", "", Captured, "x-log-apiversion:0.6.0|x-log-bodyrawsize:0|x-log-signaturemethod:hmac-sha256", "/logstores/store1/shards", "", "4sVtRuEkVWUGbSE5ZK8L5E5IK/w0BfFisP+1KjoRaN4=" ],
        [ "M", "testAccessKeySecret", "hmac-sha1", "POST", "49DFDD54B01CBCD2D2AB5E9E5EE6B9B9", "application/json", "Tue, 23 Aug 2022 12:12:03 GMT", "x-log-apiversion:0.6.0|x-log-signaturemethod:hmac-sha1", "/logstores/test-logstore/shards/0", "action=split", "nfd2hBqGd9oQRDhlXcc2XXEPUEs=" ],
    ];

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Sign_ReproducesReferenceVector(
        string id, string secret, string method, string verb, string md5, string contentType, string date, string headers, string path, string query, string expected)
    {
        var toSign = LogHubSigner.StringToSign(verb, md5, contentType, date, Headers(headers), path, Query(query));
        Assert.True(expected == LogHubSigner.Sign(secret, toSign, method), $"vector {id}: string to sign was\n{toSign}");
    }

    [Fact]
    public void StringToSign_WorkedExampleJ_MatchesReferenceText()
    {
        var toSign = LogHubSigner.StringToSign("GET", null, "application/x-protobuf", Captured,
            [new("x-log-signaturemethod", "hmac-sha1"), new("X-Log-ApiVersion", "0.6.0"), new("x-log-bodyrawsize", "0"), new("User-Agent", "x"), new("x-log-date", "ignored")],
            "/logstores/store1/shards/0", [new("type", "log"), new("cursor", "MTAwMA=="), new("count", "1000")]);
        Assert.Equal(
            "GET\n\napplication/x-protobuf\n" + Captured + "\nx-log-apiversion:0.6.0\nx-log-bodyrawsize:0\nx-log-signaturemethod:hmac-sha1\n/logstores/store1/shards/0?count=1000&cursor=MTAwMA==&type=log",
            toSign);
    }

    [Fact]
    public void Sign_UnknownMethod_Throws() =>
        Assert.Throws<ArgumentException>(() => LogHubSigner.Sign("s", "x", "hmac-md5"));

    private static List<KeyValuePair<string, string>> Headers(string text)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var pair in text.Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            list.Add(new(pair[..colon], pair[(colon + 1)..]));
        }
        return list;
    }

    private static List<KeyValuePair<string, string>> Query(string text)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            list.Add(new(pair[..eq], pair[(eq + 1)..]));
        }
        return list;
    }
}
