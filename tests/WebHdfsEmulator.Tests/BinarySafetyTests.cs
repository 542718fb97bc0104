using System.Net;
using FlumeNet.WebHdfsEmulator.Tests.Infrastructure;

namespace FlumeNet.WebHdfsEmulator.Tests;

public sealed class BinarySafetyTests : EmulatorTestBase
{
    [Fact]
    public async Task RandomBytes_RoundTripExactlyThroughCreateAppendAndOpen()
    {
        var first = RandomBytes(1_048_576 + 17, seed: 11);
        var second = RandomBytes(300_001, seed: 12);
        var allByteValues = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        await CreateFileAsync("/bin/data.seq", first);
        using (var response = await AppendAsync("/bin/data.seq", second))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using (var response = await AppendAsync("/bin/data.seq", allByteValues))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        byte[] expected = [.. first, .. second, .. allByteValues];
        Assert.Equal(expected, ReadLocal("/bin/data.seq"));
        Assert.Equal(expected, await OpenAsync("/bin/data.seq"));
        Assert.Equal(expected.Length, (await StatusAsync("/bin/data.seq")).GetProperty("length").GetInt64());
        Assert.Equal(expected.AsSpan(1_000_000, 300_000).ToArray(), await OpenAsync("/bin/data.seq", "offset=1000000&length=300000"));
    }
}
