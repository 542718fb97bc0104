using System.Net;

namespace FlumeNet.WebHdfsEmulator.Tests.Infrastructure;

/// <summary>
/// A chunked request body that sends its first part, then waits until <see cref="Resume"/> before sending the rest:
/// keeps an upload (and so its lease) in progress for as long as a test needs.
/// </summary>
public sealed class PausingContent(byte[] first, byte[] rest) : HttpContent
{
    private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstSent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task FirstPartSent => _firstSent.Task;

    public void Resume() => _resume.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(first);
        await stream.FlushAsync();
        _firstSent.TrySetResult();
        await _resume.Task;
        await stream.WriteAsync(rest);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
