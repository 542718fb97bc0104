using System.Text.Json;

namespace FlumeNet.WebHdfsEmulator.Tests.Infrastructure;

/// <summary>The RemoteException body of an error response.</summary>
public sealed record RemoteError(int Status, string Exception, string JavaClassName, string Message)
{
    public static async Task<RemoteError> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        var remote = document.RootElement.GetProperty("RemoteException");
        return new RemoteError(
            (int)response.StatusCode,
            remote.GetProperty("exception").GetString()!,
            remote.GetProperty("javaClassName").GetString()!,
            remote.GetProperty("message").GetString()!);
    }
}
