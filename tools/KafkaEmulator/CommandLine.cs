namespace FlumeNet.Tools.KafkaEmulator;

/// <summary>The emulator's command line: <c>--port P [--control-port C] [--topics t:partitions,…] [--partitions N] [--no-auto-create]</c>.</summary>
internal sealed record CommandLine(int Port, int ControlPort, IReadOnlyList<(string Topic, int Partitions)> Topics, int DefaultPartitions, bool AutoCreate)
{
    /// <summary>SASL accounts (<c>--sasl-users user:password,…</c>); none: a PLAINTEXT listener.</summary>
    public Dictionary<string, string> SaslUsers { get; init; } = [];

    /// <summary>Mechanisms offered when SASL is on (<c>--sasl-mechanisms</c>; default PLAIN,SCRAM-SHA-256,SCRAM-SHA-512).</summary>
    public IReadOnlyList<string> SaslMechanisms { get; init; } = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"];

    public const string Usage =
        "usage: kafka-emulator --port P [--control-port C] [--topics t:partitions,...] [--partitions N] [--no-auto-create]\n" +
        "                      [--sasl-users user:password,... [--sasl-mechanisms PLAIN,SCRAM-SHA-256,SCRAM-SHA-512]]\n" +
        "  --port P            Kafka listener on 127.0.0.1 (0 = any free port)\n" +
        "  --control-port C    HTTP control API on 127.0.0.1 (faults, restart, rebalance, stats; 0 = any free port)\n" +
        "  --topics t:n,...    topics to create at start, with their partition counts\n" +
        "  --partitions N      partitions of auto-created topics (default 1)\n" +
        "  --no-auto-create    unknown topics are errors instead of being created\n" +
        "  --sasl-users u:p,.. SASL_PLAINTEXT listener: clients authenticate as one of these accounts first\n" +
        "  --sasl-mechanisms   mechanisms offered (default PLAIN,SCRAM-SHA-256,SCRAM-SHA-512)";

    public static CommandLine Parse(string[] args)
    {
        int port = 9092, control = 0, partitions = 1;
        var auto = true;
        var topics = new List<(string, int)>();
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        IReadOnlyList<string>? mechanisms = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--port":
                    port = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--control-port":
                    control = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--partitions":
                    partitions = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--no-auto-create":
                    auto = false;
                    break;
                case "--topics":
                    foreach (var spec in Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        var colon = spec.LastIndexOf(':');
                        topics.Add(colon < 0
                            ? (spec, partitions)
                            : (spec[..colon], int.Parse(spec[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture)));
                    }
                    break;
                case "--sasl-users":
                    foreach (var account in Next().Split(',', StringSplitOptions.RemoveEmptyEntries))
                    {
                        var colon = account.IndexOf(':', StringComparison.Ordinal);
                        if (colon <= 0)
                        {
                            throw new ArgumentException("--sasl-users wants user:password pairs");
                        }
                        users[account[..colon]] = account[(colon + 1)..];
                    }
                    break;
                case "--sasl-mechanisms":
                    mechanisms = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(m => m.ToUpperInvariant()).ToList();
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }
        var line = new CommandLine(port, control, topics, partitions, auto) { SaslUsers = users };
        return mechanisms is null ? line : line with { SaslMechanisms = mechanisms };
    }
}
