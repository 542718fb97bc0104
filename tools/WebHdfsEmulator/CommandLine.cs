using System.Globalization;

namespace FlumeNet.Tools.WebHdfsEmulator;

/// <summary>Turns the command line into <see cref="WebHdfsEmulatorOptions"/>.</summary>
internal static class CommandLine
{
    public const string Usage =
        "usage: webhdfs-emulator --root DIR [--port P] [--datanode-port P2] [--httpfs] [--standby] [--require-user] [--lease-hold-ms N]" +
        " [--cut-close-delay-ms N] [--truncate-recovery-ms N] [--block-size BYTES] [--csrf] [--kerberos] [--token-lifetime-ms N] [--token-max-lifetime-ms N] [--tls-cert PEM --tls-key PEM]";

    /// <summary>Returns the options, or null with <paramref name="error"/> set (empty when help was asked for).</summary>
    public static WebHdfsEmulatorOptions? Parse(IReadOnlyList<string> args, out string error)
    {
        string? root = null, tlsCert = null, tlsKey = null;
        int port = 0, dataNodePort = 0, leaseHoldMs = 0, cutCloseDelayMs = 0, truncateRecoveryMs = 0;
        long tokenLifetimeMs = 24L * 3600 * 1000, tokenMaxLifetimeMs = 7L * 24 * 3600 * 1000;
        long blockSize = 128L * 1024 * 1024;
        bool httpFs = false, standby = false, requireUser = false, csrf = false, kerberos = false;
        error = string.Empty;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--root":
                    if (!TryValue(args, ref i, out root, out error))
                    {
                        return null;
                    }
                    break;
                case "--port":
                case "--datanode-port":
                case "--lease-hold-ms":
                    if (!TryValue(args, ref i, out var text, out error))
                    {
                        return null;
                    }
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || (arg != "--lease-hold-ms" && number > 65535))
                    {
                        error = $"{arg}: \"{text}\" is not a valid {(arg == "--lease-hold-ms" ? "number of milliseconds" : "port")}";
                        return null;
                    }
                    _ = arg switch
                    {
                        "--port" => port = number,
                        "--datanode-port" => dataNodePort = number,
                        _ => leaseHoldMs = number,
                    };
                    break;
                case "--cut-close-delay-ms":
                case "--truncate-recovery-ms":
                case "--block-size":
                    if (!TryValue(args, ref i, out var value, out error))
                    {
                        return null;
                    }
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > int.MaxValue || (arg == "--block-size" && amount == 0))
                    {
                        error = $"{arg}: \"{value}\" is not a valid {(arg == "--block-size" ? "size in bytes" : "number of milliseconds")}";
                        return null;
                    }
                    _ = arg switch
                    {
                        "--cut-close-delay-ms" => cutCloseDelayMs = (int)amount,
                        "--truncate-recovery-ms" => truncateRecoveryMs = (int)amount,
                        _ => blockSize = amount,
                    };
                    break;
                case "--token-lifetime-ms":
                case "--token-max-lifetime-ms":
                    if (!TryValue(args, ref i, out var millis, out error))
                    {
                        return null;
                    }
                    if (!long.TryParse(millis, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms == 0)
                    {
                        error = $"{arg}: \"{millis}\" is not a valid number of milliseconds";
                        return null;
                    }
                    _ = arg == "--token-lifetime-ms" ? tokenLifetimeMs = ms : tokenMaxLifetimeMs = ms;
                    break;
                case "--tls-cert":
                    if (!TryValue(args, ref i, out tlsCert, out error))
                    {
                        return null;
                    }
                    break;
                case "--tls-key":
                    if (!TryValue(args, ref i, out tlsKey, out error))
                    {
                        return null;
                    }
                    break;
                case "--kerberos":
                    kerberos = true;
                    break;
                case "--csrf":
                    csrf = true;
                    break;
                case "--httpfs":
                    httpFs = true;
                    break;
                case "--standby":
                    standby = true;
                    break;
                case "--require-user":
                    requireUser = true;
                    break;
                case "-h" or "--help":
                    return null;
                default:
                    error = $"unknown argument \"{arg}\"";
                    return null;
            }
        }
        if (root is null)
        {
            error = "--root is required";
            return null;
        }
        if ((tlsCert is null) != (tlsKey is null))
        {
            error = "--tls-cert and --tls-key go together";
            return null;
        }
        System.Security.Cryptography.X509Certificates.X509Certificate2? tls = null;
        if (tlsCert is not null)
        {
            try
            {
                tls = Hosting.Tls.Load(tlsCert, tlsKey!);
            }
            catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                error = $"--tls-cert/--tls-key: {e.Message}";
                return null;
            }
        }
        return new WebHdfsEmulatorOptions
        {
            RootDirectory = root,
            NameNodePort = port,
            DataNodePort = dataNodePort,
            HttpFs = httpFs,
            Standby = standby,
            RequireUser = requireUser,
            AbortedLeaseHold = TimeSpan.FromMilliseconds(leaseHoldMs),
            CutCloseDelay = TimeSpan.FromMilliseconds(cutCloseDelayMs),
            TruncateRecovery = TimeSpan.FromMilliseconds(truncateRecoveryMs),
            DefaultBlockSize = blockSize,
            RequireCsrfHeader = csrf,
            Kerberos = kerberos,
            DelegationTokenLifetime = TimeSpan.FromMilliseconds(tokenLifetimeMs),
            DelegationTokenMaxLifetime = TimeSpan.FromMilliseconds(tokenMaxLifetimeMs),
            TlsCertificate = tls,
        };
    }

    private static bool TryValue(IReadOnlyList<string> args, ref int i, out string value, out string error)
    {
        if (i + 1 >= args.Count)
        {
            value = string.Empty;
            error = $"{args[i]} needs a value";
            return false;
        }
        value = args[++i];
        error = string.Empty;
        return true;
    }
}
