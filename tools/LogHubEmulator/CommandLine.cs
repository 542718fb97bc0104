using System.Globalization;

namespace FlumeNet.Tools.LogHubEmulator;

/// <summary>Parses the emulator's command line into options.</summary>
internal static class CommandLine
{
    public const string Usage = """
        Usage: loghub-emulator [--port P] [--state DIR] [--access-key-id ID --access-key SECRET] [--key ID:SECRET]...
                               [--project NAME [--logstore NAME [--shards N]]] [--endpoint-host HOST]... [--log-requests]
                               [--ram-policy ID:ACTION,ACTION...]...
          --port P             TCP port on 127.0.0.1 (0 or absent: a free one; the real port is printed)
          --state DIR          keep all state in DIR across restarts (default: in memory)
          --access-key-id ID   accepted AccessKeyId (default emulator-id)
          --access-key SECRET  its AccessKeySecret (default emulator-secret)
          --key ID:SECRET      one more accepted key pair (repeatable)
          --project NAME       project created at startup and used when the Host header names none
          --logstore NAME      logstore created at startup in --project
          --shards N           shard count of --logstore (default 2)
          --endpoint-host HOST extra endpoint host name; PROJECT.HOST then addresses PROJECT (repeatable)
          --log-requests       one line per request on stderr
          --ram-policy ID:A,B  the RAM actions key ID may call (log:GetCursorOrData,...; others: 401 "denied by sts or ram")
        """;

    /// <summary>The options, or an error message.</summary>
    public static (LogHubEmulatorOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new LogHubEmulatorOptions();
        string? keyId = null, secret = null;
        var extraKeys = new Dictionary<string, string>(StringComparer.Ordinal);
        var hosts = new List<string>();
        var policies = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--log-requests")
            {
                options = options with { RequestLog = Console.Error };
                continue;
            }

            if (name is "--help" or "-h")
            {
                return (null, string.Empty);
            }

            if (i + 1 >= args.Count)
            {
                return (null, $"{name} needs a value");
            }

            var value = args[++i];
            switch (name)
            {
                case "--port":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
                    {
                        return (null, $"--port '{value}' is not a port number");
                    }

                    options = options with { Port = port };
                    break;
                case "--state": options = options with { StateDirectory = value }; break;
                case "--access-key-id": keyId = value; break;
                case "--access-key": secret = value; break;
                case "--key":
                    var colon = value.IndexOf(':', StringComparison.Ordinal);
                    if (colon <= 0 || colon == value.Length - 1)
                    {
                        return (null, $"--key '{value}' must be ID:SECRET");
                    }

                    extraKeys[value[..colon]] = value[(colon + 1)..];
                    break;
                case "--project": options = options with { Project = value }; break;
                case "--logstore": options = options with { Logstore = value }; break;
                case "--shards":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var shards) || shards is < 1 or > 256)
                    {
                        return (null, $"--shards '{value}' must be 1..256");
                    }

                    options = options with { Shards = shards };
                    break;
                case "--endpoint-host": hosts.Add(value); break;
                case "--ram-policy":
                    var sep = value.IndexOf(':', StringComparison.Ordinal);
                    if (sep <= 0)
                    {
                        return (null, $"--ram-policy '{value}' must be ID:ACTION,ACTION...");
                    }

                    policies[value[..sep]] = value[(sep + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    break;
                default: return (null, $"unknown option {name}");
            }
        }

        if ((keyId is null) != (secret is null))
        {
            return (null, "--access-key-id and --access-key go together");
        }

        if (options.Logstore is not null && options.Project is null)
        {
            return (null, "--logstore needs --project");
        }

        if (keyId is not null)
        {
            options = options with { AccessKeyId = keyId, AccessKeySecret = secret! };
        }

        return (options with { AdditionalAccessKeys = extraKeys, EndpointHosts = hosts, RamPolicies = policies }, null);
    }
}
