using System.Text.RegularExpressions;
using Confluent.Kafka;
using NLog;

namespace FlumeNet.Agent.Kafka;

/// <summary>
/// Builds librdkafka producers and consumers from translated settings. A key librdkafka does not know is removed with
/// one warning and the client is built without it (Flume's Java client only warns about unknown keys, too).
/// librdkafka's own log lines go to NLog under <c>FlumeNet.Agent.Kafka.librdkafka</c>.
/// </summary>
public static partial class KafkaClientFactory
{
    private static readonly Logger NativeLog = LogManager.GetLogger("FlumeNet.Agent.Kafka.librdkafka");

    public static IProducer<byte[]?, byte[]> Producer(string component, Dictionary<string, string> settings, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(warn);
        var withReports = new Dictionary<string, string>(settings, StringComparer.Ordinal);
        // The .NET client copies key, value, headers and timestamp back into every delivery report unless told not to;
        // the sinks read only the report's error.
        withReports.TryAdd("dotnet.producer.delivery.report.fields", "none");
        return Build(withReports, warn, s => new ProducerBuilder<byte[]?, byte[]>(s)
            .SetLogHandler((_, m) => Forward(component, m))
            .SetErrorHandler((_, e) => ForwardError(component, e))
            .Build());
    }

    public static IConsumer<byte[]?, byte[]> Consumer(string component, Dictionary<string, string> settings, Action<string> warn,
        Action<ConsumerBuilder<byte[]?, byte[]>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(warn);
        return Build(settings, warn, s =>
        {
            var builder = new ConsumerBuilder<byte[]?, byte[]>(s)
                .SetLogHandler((_, m) => Forward(component, m))
                .SetErrorHandler((_, e) => ForwardError(component, e));
            configure?.Invoke(builder);
            return builder.Build();
        });
    }

    private static T Build<T>(Dictionary<string, string> settings, Action<string> warn, Func<Dictionary<string, string>, T> build)
    {
        var current = new Dictionary<string, string>(settings, StringComparer.Ordinal);
        while (true)
        {
            try
            {
                return build(current);
            }
            catch (ArgumentException ex) when (UnknownProperty(ex.Message) is { } key && current.Remove(key))
            {
                warn($"'{key}' is not a librdkafka property and is ignored");
            }
            catch (InvalidOperationException ex) when (UnknownProperty(ex.Message) is { } key && current.Remove(key))
            {
                warn($"'{key}' is not a librdkafka property and is ignored");
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or KafkaException)
            {
                // librdkafka's message names the property, never a value: safe to pass on.
                throw new ArgumentException(ex.Message, ex);
            }
        }
    }

    private static string? UnknownProperty(string message)
    {
        var m = UnknownPattern().Match(message);
        return m.Success ? m.Groups[1].Value : null;
    }

    private static void Forward(string component, LogMessage m)
    {
        var level = m.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical or SyslogLevel.Error => NLog.LogLevel.Warn,
            SyslogLevel.Warning => NLog.LogLevel.Info,
            SyslogLevel.Notice or SyslogLevel.Info => NLog.LogLevel.Debug,
            _ => NLog.LogLevel.Trace,
        };
        NativeLog.Log(level, "'{Component}' librdkafka {Facility}: {Message}", component, m.Facility, m.Message);
    }

    private static void ForwardError(string component, Error e)
    {
        // Broker-down and transport errors are retried by librdkafka; fatal ones stop the client.
        NativeLog.Log(e.IsFatal ? NLog.LogLevel.Error : NLog.LogLevel.Debug, "'{Component}' Kafka client error {Code}: {Reason}", component, e.Code, e.Reason);
    }

    [GeneratedRegex(@"No such configuration property: ""([^""]+)""")]
    private static partial Regex UnknownPattern();
}
