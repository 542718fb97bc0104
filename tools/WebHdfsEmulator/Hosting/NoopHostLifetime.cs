using Microsoft.Extensions.Hosting;

namespace FlumeNet.Tools.WebHdfsEmulator.Hosting;

/// <summary>
/// Keeps the hosts from hooking Ctrl-C/SIGTERM: an in-process emulator must not stop because its test process got a
/// signal, and the command line owns signal handling itself.
/// </summary>
internal sealed class NoopHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
