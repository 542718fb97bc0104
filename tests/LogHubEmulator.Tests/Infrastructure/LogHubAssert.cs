using System.Net;
using System.Text.Json;

namespace FlumeNet.LogHubEmulator.Tests.Infrastructure;

/// <summary>Assertions on LogHub answers: success JSON, and the error shape of reference §1.4.</summary>
public static class LogHubAssert
{
    /// <summary>A LogHub error: the status, JSON <c>{"errorCode","errorMessage"}</c>, <c>application/json</c>, a request id.</summary>
    public static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, int status, string errorCode)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status} {errorCode}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("x-log-requestid"));
        using var document = JsonDocument.Parse(text);
        var json = document.RootElement.Clone();
        Assert.Equal(errorCode, json.GetProperty("errorCode").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("errorMessage").GetString()));
        return json;
    }

    public static async Task OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {text}");
    }

    public static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        await OkAsync(response);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await LogHubTestClient.JsonAsync(response);
    }
}
