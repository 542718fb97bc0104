using FlumeNet.Tools.KafkaEmulator;
using FlumeNet.Tools.KafkaEmulator.Faults;
using FlumeNet.Tools.KafkaEmulator.Groups;
using FlumeNet.Tools.KafkaEmulator.Handlers;
using FlumeNet.Tools.KafkaEmulator.Server;
using FlumeNet.Tools.KafkaEmulator.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

CommandLine options;
try
{
    if (args.Contains("--help") || args.Contains("-h"))
    {
        Console.WriteLine(CommandLine.Usage);
        return 0;
    }
    options = CommandLine.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine($"kafka-emulator: {e.Message}");
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

var topics = new TopicStore(options.DefaultPartitions, options.AutoCreate);
foreach (var (topic, partitions) in options.Topics)
{
    topics.Create(topic, partitions);
}
using var groups = new GroupCoordinator();
var ctx = new BrokerContext(topics, groups, new FaultInjector())
{
    Sasl = new FlumeNet.Tools.KafkaEmulator.Sasl.SaslUsers(options.SaslUsers, options.SaslMechanisms),
};
await using var broker = new KafkaBroker(ctx, options.Port) { Log = m => Console.Error.WriteLine("kafka-emulator: " + m) };
broker.Start();
await using var control = ControlApi.Build(ctx, broker, options.ControlPort);
await control.StartAsync().ConfigureAwait(false);
var controlUrl = control.Services.GetService(typeof(IServer)) is IServer server
    ? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
    : null;

using var stopped = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopped.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stopped.Cancel();
// The control API's host takes over SIGTERM/SIGINT (ConsoleLifetime); its stopping signal ends the emulator too.
control.Lifetime.ApplicationStopping.Register(() => stopped.Cancel());
if (ctx.Sasl.Enabled)
{
    Console.WriteLine($"Kafka emulator listener is SASL_PLAINTEXT ({string.Join(",", ctx.Sasl.Mechanisms)}) for {ctx.Sasl.Passwords.Count} accounts");
}
// Scripts and tests wait for exactly this line.
Console.WriteLine($"Kafka emulator listening on 127.0.0.1:{broker.Port} (control {controlUrl})");
Console.Out.Flush();
try
{
    await Task.Delay(Timeout.Infinite, stopped.Token).ConfigureAwait(false);
}
catch (OperationCanceledException)
{
}
await control.StopAsync().ConfigureAwait(false);
return 0;
