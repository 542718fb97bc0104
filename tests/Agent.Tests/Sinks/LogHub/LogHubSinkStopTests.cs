using System.Diagnostics;
using System.Text;
using FlumeNet.Agent.Channels;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.LogHub;
using FlumeNet.Agent.Sinks.LogHub;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Sinks.LogHub;

/// <summary>Issue 15.3, the sink's part: told to stop, the LogHub sink ends its retries and requests at once, whatever the endpoint does.</summary>
public sealed class LogHubSinkStopTests
{
    [Fact]
    public void Stop_WhileRetryingAnUnreachableEndpoint_EndsProcessAtOnce_AndKeepsTheBatch()
    {
        var channel = new MemoryChannel("c1", new MemoryChannelOptions(1000, 100));
        for (var tx = 0; tx < 2; tx++)
        {
            using var put = channel.BeginTransaction();
            for (var i = 0; i < 75; i++)
            {
                put.Put(new FlumeEvent(Encoding.UTF8.GetBytes($"{i},hello")));
            }
            put.Commit();
        }
        // A closed port: every attempt fails at once and is retried for ever while the sink runs.
        var sink = new LogHubSink("k1", channel, new LogHubSinkOptions
        {
            Endpoint = $"http://127.0.0.1:{AgentProcess.FreePort()}",
            Project = "p",
            Logstore = "s",
            Credentials = new LogHubCredentials("id", "secret"),
            Serializer = new DelimitedEventLogSerializer(["seq", "msg"], ',', '"', '"', useRecordTime: false),
            BatchSize = 500,
        });
        sink.Start();
        Exception? failure = null;
        var processing = new Thread(() =>
        {
            try
            {
                sink.Process();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        processing.Start();
        Thread.Sleep(1500);
        Assert.True(processing.IsAlive, "still retrying before the stop");
        var watch = Stopwatch.StartNew();
        sink.Stop();
        Assert.True(processing.Join(TimeSpan.FromSeconds(20)), "Process ended after Stop");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), watch.Elapsed.ToString());
        // Not a ChannelException: the batch size above the channel's transactionCapacity (100) was capped, the take did not fail.
        Assert.IsType<EventDeliveryException>(failure);
        // Rolled back: every event is still in the channel, and a Process after the stop does nothing.
        Assert.Equal(ProcessStatus.Backoff, sink.Process());
        Assert.Equal(150, channel.Counter.ChannelSize);
    }
}
