using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using FlumeNet.Agent.Tests.Support;

namespace FlumeNet.Agent.Tests.Hdfs.Kerberos;

/// <summary>
/// A real MIT Kerberos KDC for one test: a temporary realm <see cref="Realm"/> on 127.0.0.1 (TCP and UDP on one free
/// port), its database, config files and keytabs in a temp folder, <c>krb5kdc -n</c> as a child killed on dispose.
/// Child processes get <see cref="Environment"/> (KRB5_CONFIG) to use it; nothing of the machine's own Kerberos
/// setup is read or changed.
/// </summary>
public sealed class TestKdc : IDisposable
{
    public const string Realm = "FLUMENET.TEST";

    private static readonly string[] Tools = ["krb5kdc", "kdb5_util", "kadmin.local", "kinit"];

    private readonly string _dir;
    private Process? _kdc;

    private TestKdc(string dir) => _dir = dir;

    /// <summary>Why a Kerberos test cannot run here (the MIT packages are missing), or null.</summary>
    public static string? MissingReason
    {
        get
        {
            var path = (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty) + ":/usr/sbin:/sbin";
            var missing = Tools.Where(t => !path.Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, t)))).ToList();
            return missing.Count == 0 ? null
                : $"MIT Kerberos is not installed ({string.Join(", ", missing)} missing; apt-get install krb5-kdc krb5-admin-server krb5-user)";
        }
    }

    public string Directory => _dir;

    public int Port { get; private set; }

    public string ConfigPath => Path.Combine(_dir, "krb5.conf");

    /// <summary>What a client or server process needs to use this realm.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["KRB5_CONFIG"] = ConfigPath,
        ["KRB5_KDC_PROFILE"] = Path.Combine(_dir, "kdc.conf"),
        ["KRB5_TRACE"] = Path.Combine(_dir, "trace.log"),
    };

    /// <summary>Creates the realm and starts the KDC; <paramref name="maxTicketLife"/> bounds every ticket it issues.</summary>
    public static TestKdc Start(TimeSpan? maxTicketLife = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "flumenet-kdc-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(dir);
        var kdc = new TestKdc(dir);
        try
        {
            kdc.Create(maxTicketLife ?? TimeSpan.FromHours(1));
            return kdc;
        }
        catch
        {
            kdc.Dispose();
            throw;
        }
    }

    /// <summary>Adds a principal with a random key and writes its keytab; returns the keytab's path.</summary>
    public string AddPrincipal(string principal, TimeSpan? maxLife = null)
    {
        var life = maxLife is { } l ? $" -maxlife \"{(int)l.TotalSeconds} sec\"" : string.Empty;
        KadminLocal($"addprinc -randkey{life} {principal}");
        var keytab = Path.Combine(_dir, principal.Replace('/', '_') + ".keytab");
        KadminLocal($"ktadd -k {keytab} {principal}");
        return keytab;
    }

    /// <summary>Runs <c>kinit -kt</c> into a new credential cache; returns the cache name (FILE:...).</summary>
    public string Kinit(string principal, string keytab)
    {
        var cache = "FILE:" + Path.Combine(_dir, "cc-" + Guid.NewGuid().ToString("N")[..8]);
        Run("kinit", ["-kt", keytab, "-c", cache, principal]);
        return cache;
    }

    /// <summary>Runs a command with this realm's environment; throws with its output when it fails.</summary>
    public string Run(string tool, IEnumerable<string> args, IReadOnlyDictionary<string, string>? extra = null)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var (k, v) in Environment.Concat(extra ?? new Dictionary<string, string>()))
        {
            psi.Environment[k] = v;
        }
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish in 60 s");
        }
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', psi.ArgumentList)} failed ({p.ExitCode}): {output.Result}{error.Result}");
        }
        return output.Result + error.Result;
    }

    public void Dispose()
    {
        if (_kdc is { HasExited: false })
        {
            _kdc.Kill(entireProcessTree: true);
            _kdc.WaitForExit();
        }
        _kdc?.Dispose();
        try
        {
            System.IO.Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A child may still hold a file; the temp folder is cleaned by the OS.
        }
    }

    private void Create(TimeSpan maxLife)
    {
        var seconds = ((int)maxLife.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(_dir, "kadm5.acl"), string.Empty);
        // The port is only reserved once krb5kdc binds it: when another test took it meanwhile, try another.
        for (var attempt = 1; ; attempt++)
        {
            Port = AgentProcess.FreePort();
            WriteConfigs(seconds);
            if (attempt == 1)
            {
                Run("kdb5_util", ["create", "-s", "-r", Realm, "-P", Convert.ToHexString(RandomNumberGenerator.GetBytes(16))]);
            }
            if (StartKdc())
            {
                return;
            }
            if (attempt == 3)
            {
                throw new InvalidOperationException($"krb5kdc did not start: {File.ReadAllText(Path.Combine(_dir, "kdc.log"))}");
            }
        }
    }

    private void WriteConfigs(string maxLifeSeconds)
    {
        var port = Port.ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(ConfigPath, $$"""
            [libdefaults]
             default_realm = {{Realm}}
             dns_lookup_kdc = false
             dns_lookup_realm = false
             dns_canonicalize_hostname = false
             rdns = false
             udp_preference_limit = 1
             ticket_lifetime = {{maxLifeSeconds}}s
             renew_lifetime = 0
             forwardable = false
            [realms]
             {{Realm}} = {
              kdc = 127.0.0.1:{{port}}
             }
            [domain_realm]
             localhost = {{Realm}}
            """);
        File.WriteAllText(Path.Combine(_dir, "kdc.conf"), $$"""
            [kdcdefaults]
             kdc_listen = 127.0.0.1:{{port}}
             kdc_tcp_listen = 127.0.0.1:{{port}}
            [realms]
             {{Realm}} = {
              database_name = {{_dir}}/principal
              key_stash_file = {{_dir}}/stash
              acl_file = {{_dir}}/kadm5.acl
              max_life = {{maxLifeSeconds}}s
              max_renewable_life = 0
             }
            [logging]
             kdc = FILE:{{_dir}}/kdc.log
            """);
    }

    private bool StartKdc()
    {
        var psi = new ProcessStartInfo("krb5kdc") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-n");
        foreach (var (k, v) in Environment)
        {
            psi.Environment[k] = v;
        }
        _kdc = Process.Start(psi)!;
        _kdc.OutputDataReceived += (_, _) => { };
        _kdc.ErrorDataReceived += (_, _) => { };
        _kdc.BeginOutputReadLine();
        _kdc.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !_kdc.HasExited)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect("127.0.0.1", Port);
                return true;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        if (!_kdc.HasExited)
        {
            _kdc.Kill(entireProcessTree: true);
        }
        _kdc.WaitForExit();
        _kdc.Dispose();
        _kdc = null;
        return false;
    }

    private void KadminLocal(string query) => Run("kadmin.local", ["-r", Realm, "-q", query]);
}
