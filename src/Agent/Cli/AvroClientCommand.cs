using System.Text;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Sinks.Avro;
using FlumeNet.ConfigParser.Diagnostics;
using FlumeNet.ConfigParser.Properties;

namespace FlumeNet.Agent.Cli;

/// <summary>
/// <c>flume-ng avro-client</c> (reference §1.11): sends one event per line of a file (<c>-F</c>), of the files of a
/// spooling directory (<c>--dirname</c>, each renamed <c>.COMPLETED</c> once sent) or of stdin, with the headers of a
/// <c>-R</c> properties file on every event, to <c>-H host -p port</c> in batches of 5, or through the RPC client
/// properties of <c>-P</c> (batch-size 100 by default). Unlike Flume (which exits 0 after logging any failure), a
/// failed delivery exits 1.
/// </summary>
public static class AvroClientCommand
{
    private const int DefaultBatchSize = 5;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Stream? stdin = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var parsed = Parse(args);
        if (parsed.Help)
        {
            WriteUsage(stdout);
            return 0;
        }
        if (parsed.Error is { } error)
        {
            stderr.WriteLine($"flume-ng avro-client: {error}");
            WriteUsage(stderr);
            return 2;
        }
        try
        {
            var config = Config(parsed);
            var headers = parsed.HeaderFile is null ? null : ReadProperties(parsed.HeaderFile);
            var sent = Send(parsed, config, headers, stdin, stderr);
            stderr.WriteLine($"flume-ng avro-client: sent {sent} events to {string.Join(' ', config.Hosts)}");
            return 0;
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            stderr.WriteLine($"flume-ng avro-client: {ex.Message}");
            return 1;
        }
    }

    public static void WriteUsage(TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteLine("usage: flume-ng avro-client [--conf dir] [-D k=v]... (-H host -p port | -P rpc.properties) [-F file | --dirname dir] [-R headerFile]");
        w.WriteLine("  -H,--host <host>          hostname to which events will be sent");
        w.WriteLine("  -p,--port <port>          port of the avro source");
        w.WriteLine("  -P,--rpcProps <file>      RPC client properties file with server connection params");
        w.WriteLine("  -F,--filename <file>      text file to stream to the avro source (default: stdin)");
        w.WriteLine("     --dirname <dir>        directory to stream to the avro source (files renamed .COMPLETED)");
        w.WriteLine("  -R,--headerFile <file>    properties file of headers added to every event");
        w.WriteLine("  -h,--help                 display help text");
    }

    private static RpcClientConfig Config(Arguments a)
    {
        if (a.RpcProps is { } file)
        {
            if (!File.Exists(file))
            {
                throw new FormatException($"RPC properties file '{file}' does not exist");
            }
            var props = ReadProperties(file);
            var config = RpcClientConfig.From(props, "avro-client");
            return config.Kind == RpcClientKind.Thrift ? throw new NotSupportedException("client.type = thrift is not supported by avro-client") : config;
        }
        if (!int.TryParse(a.Port, out var port) || port is < 0 or > 65535)
        {
            throw new FormatException($"-p: '{a.Port}' is not a port number");
        }
        return RpcClientConfig.From(
            new Dictionary<string, string> { ["hosts"] = "h1", ["hosts.h1"] = $"{a.Host}:{port}", ["batch-size"] = DefaultBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            "avro-client");
    }

    private static Dictionary<string, string> ReadProperties(string file)
    {
        var bag = new DiagnosticBag();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in PropertiesReader.Read(File.ReadAllBytes(file), file, bag))
        {
            result[entry.Key] = entry.Value;
        }
        return result;
    }

    private static long Send(Arguments a, RpcClientConfig config, Dictionary<string, string>? headers, Stream? stdin, TextWriter stderr)
    {
        using var cts = new CancellationTokenSource();
        using var client = RpcClient.Create(config, AvroRpcConnection.Connector(config), cts.Token);
        var sent = 0L;
        if (a.Directory is { } dir)
        {
            foreach (var file in SpoolFiles(dir))
            {
                using (var reader = new StreamReader(file, Encoding.UTF8))
                {
                    sent += SendLines(reader, client, config.BatchSize, headers);
                }
                File.Move(file, file + ".COMPLETED");
                stderr.WriteLine($"flume-ng avro-client: sent {file}");
            }
            return sent;
        }
        using var input = a.File is { } path ? new StreamReader(path, Encoding.UTF8) : new StreamReader(stdin ?? Console.OpenStandardInput(), Encoding.UTF8);
        return SendLines(input, client, config.BatchSize, headers);
    }

    private static List<string> SpoolFiles(string dir)
    {
        var files = new DirectoryInfo(dir).GetFiles()
            .Where(f => !f.Name.StartsWith('.') && !f.Name.EndsWith(".COMPLETED", StringComparison.Ordinal))
            .OrderBy(f => f.LastWriteTimeUtc)
            .ThenBy(f => f.Name, StringComparer.Ordinal);
        return files.Select(f => f.FullName).ToList();
    }

    private static long SendLines(TextReader reader, RpcClient client, int batchSize, Dictionary<string, string>? headers)
    {
        var batch = new List<FlumeEvent>(batchSize);
        var sent = 0L;
        while (reader.ReadLine() is { } line)
        {
            batch.Add(new FlumeEvent(Encoding.UTF8.GetBytes(line), headers is null ? null : new Dictionary<string, string>(headers, StringComparer.Ordinal)));
            if (batch.Count == batchSize)
            {
                sent += Flush(client, batch);
            }
        }
        return sent + Flush(client, batch);
    }

    private static int Flush(RpcClient client, List<FlumeEvent> batch)
    {
        if (batch.Count == 0)
        {
            return 0;
        }
        client.AppendBatch(batch, CancellationToken.None);
        var n = batch.Count;
        batch.Clear();
        return n;
    }

    private static Arguments Parse(string[] args)
    {
        var a = new Arguments();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.StartsWith("--", StringComparison.Ordinal) ? arg.IndexOf('=', StringComparison.Ordinal) : -1;
            if (eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }
            else if (arg.Length > 2 && arg[0] == '-' && arg[1] != '-' && "HpPFR".Contains(arg[1], StringComparison.Ordinal))
            {
                inline = arg[2..];
                arg = arg[..2];
            }
            string? Value()
            {
                if (inline is not null)
                {
                    return inline;
                }
                if (i + 1 < args.Length)
                {
                    return args[++i];
                }
                a.Error ??= $"Missing argument for option: {arg.TrimStart('-')}";
                return null;
            }
            switch (arg)
            {
                case "-h" or "--help":
                    a.Help = true;
                    break;
                case "-H" or "--host":
                    a.Host = Value();
                    break;
                case "-p" or "--port":
                    a.Port = Value();
                    break;
                case "-P" or "--rpcProps":
                    a.RpcProps = Value();
                    break;
                case "-F" or "--filename":
                    a.File = Value();
                    break;
                case "--dirname":
                    a.Directory = Value();
                    break;
                case "-R" or "--headerFile":
                    a.HeaderFile = Value();
                    break;
                case "-c" or "--conf" or "-C" or "--classpath" or "--plugins-path":
                    Value();
                    break;
                case "-D":
                    Value();
                    break;
                default:
                    if (arg.StartsWith("-D", StringComparison.Ordinal) || arg.StartsWith("-X", StringComparison.Ordinal))
                    {
                        break;
                    }
                    a.Error ??= $"Unrecognized option: {arg}";
                    break;
            }
        }
        if (a.Error is null && a.File is not null && a.Directory is not null)
        {
            a.Error = "-F and --dirname cannot be used together";
        }
        if (a.Error is null && !a.Help && a.RpcProps is null && (a.Host is null || a.Port is null))
        {
            a.Error = "give -H host and -p port, or -P rpc.properties";
        }
        return a;
    }

    private sealed class Arguments
    {
        public bool Help { get; set; }

        public string? Host { get; set; }

        public string? Port { get; set; }

        public string? RpcProps { get; set; }

        public string? File { get; set; }

        public string? Directory { get; set; }

        public string? HeaderFile { get; set; }

        public string? Error { get; set; }
    }
}
