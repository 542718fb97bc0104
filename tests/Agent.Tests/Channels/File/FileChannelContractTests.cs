using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Tests.Channels.Files;

public sealed class FileChannelContractTests : ChannelContractTests, IDisposable
{
    private readonly FileChannelFixture _fx = new();

    // Short keep-alive for the small channels whose full-commit tests wait it out; a long one for the concurrency test,
    // whose producers must wait for the (fsyncing) consumer instead of failing.
    protected override IChannel Create(int capacity, int transactionCapacity) =>
        _fx.Start(_fx.Settings(capacity, transactionCapacity) with
        {
            KeepAlive = capacity >= 1000 ? TimeSpan.FromSeconds(60) : TimeSpan.FromMilliseconds(50),
        });

    public void Dispose() => _fx.Dispose();
}
