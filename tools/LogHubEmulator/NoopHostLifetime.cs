using Microsoft.Extensions.Hosting;

namespace FlumeNet.Tools.LogHubEmulator;

/// <summary>Leaves signals to the caller: the emulator can be hosted inside test processes and stopped explicitly.</summary>
internal sealed class NoopHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
