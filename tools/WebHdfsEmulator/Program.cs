using System.Runtime.InteropServices;
using FlumeNet.Tools.WebHdfsEmulator;

var options = CommandLine.Parse(args, out var error);
if (options is null)
{
    if (error.Length > 0)
    {
        await Console.Error.WriteLineAsync($"webhdfs-emulator: {error}");
    }
    await Console.Error.WriteLineAsync(CommandLine.Usage);
    return error.Length > 0 ? 2 : 0;
}

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

WebHdfsEmulatorServer server;
try
{
    server = await WebHdfsEmulatorServer.StartAsync(options);
}
catch (IOException e)
{
    await Console.Error.WriteLineAsync($"webhdfs-emulator: cannot listen: {e.Message}");
    return 1;
}

await using (server)
{
    var dataNode = server.IsHttpFs ? "httpfs" : $"datanode {server.DataNodeUri.GetLeftPart(UriPartial.Authority)}";
    Console.Out.WriteLine($"WebHDFS emulator listening on {server.NameNodeUri.GetLeftPart(UriPartial.Authority)} ({dataNode})");
    Console.Out.Flush();
    await stop.Task;
}
return 0;
