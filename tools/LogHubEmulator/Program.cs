using System.Runtime.InteropServices;
using FlumeNet.Tools.LogHubEmulator;

var (options, error) = CommandLine.Parse(args);
if (options is null)
{
    var help = string.IsNullOrEmpty(error);
    if (!help)
    {
        await Console.Error.WriteLineAsync($"loghub-emulator: {error}");
    }

    await (help ? Console.Out : Console.Error).WriteLineAsync(CommandLine.Usage);
    return help ? 0 : 2;
}

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.TrySetResult();
});
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    stop.TrySetResult();
});

await using var server = await LogHubEmulatorServer.StartAsync(options);
Console.Out.WriteLine($"LogHub emulator listening on {server.BaseUri.ToString().TrimEnd('/')}");
Console.Out.Flush();
await stop.Task;
await server.StopAsync();
return 0;
