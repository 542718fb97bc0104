using System.Diagnostics;
using System.Globalization;
using System.Net;
using NLog;

namespace FlumeNet.Agent.Hdfs.Security;

/// <summary>
/// The agent's Kerberos identity, as Hadoop's UserGroupInformation.loginUserFromKeytab: <c>kinit -kt</c> from
/// <c>hdfs.kerberosKeytab</c> as <c>hdfs.kerberosPrincipal</c> into a credential cache private to this process
/// (KRB5CCNAME), and a fresh login once 80% of the ticket's lifetime has passed (Hadoop's relogin window).
/// KRB5_CLIENT_KTNAME also names the keytab, so MIT's GSSAPI can refresh the ticket by itself. One login per process,
/// as in Flume (the credential cache is process-wide): a second, different principal is refused.
/// The keytab's path and the principal may be logged; its contents are never read here.
/// </summary>
public sealed class KerberosLogin
{
    private const double ReloginWindow = 0.8;
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private static readonly Lock Gate = new();
    private static KerberosLogin? _current;

    private readonly Lock _lock = new();
    private readonly string _cache;
    private DateTime _loggedInAt;
    private DateTime _expires;

    private KerberosLogin(string principal, string keytab, string cache)
    {
        Principal = principal;
        Keytab = keytab;
        _cache = cache;
    }

    public string Principal { get; }

    public string Keytab { get; }

    /// <summary>The principal's short name (its first component), what Hadoop's auth_to_local makes of it by default.</summary>
    public string ShortName => Principal.IndexOfAny(['/', '@']) is var end and >= 0 ? Principal[..end] : Principal;

    /// <summary>Logs in (once per process; the same principal and keytab again reuse it). Errors name the key to fix.</summary>
    public static KerberosLogin LogIn(string? principal, string? keytab)
    {
        if (string.IsNullOrWhiteSpace(principal) || string.IsNullOrWhiteSpace(keytab))
        {
            throw new InvalidOperationException(string.IsNullOrWhiteSpace(principal)
                ? "hdfs.kerberosPrincipal must be set together with hdfs.kerberosKeytab"
                : "hdfs.kerberosKeytab must be set together with hdfs.kerberosPrincipal");
        }
        var expanded = ExpandHost(principal.Trim());
        var path = Path.GetFullPath(keytab.Trim());
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"hdfs.kerberosKeytab: keytab {path} does not exist");
        }
        try
        {
            using var probe = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"hdfs.kerberosKeytab: keytab {path} is not readable by this agent ({e.Message})");
        }
        lock (Gate)
        {
            if (_current is { } current)
            {
                if (current.Principal == expanded && current.Keytab == path)
                {
                    return current;
                }
                throw new InvalidOperationException(
                    $"hdfs.kerberosPrincipal: this agent already logged in as {current.Principal} (keytab {current.Keytab}); one agent can use one Kerberos principal, as in Flume");
            }
            var cache = "FILE:" + Path.Combine(Path.GetTempPath(), $"flumenet-krb5cc-{Environment.ProcessId}");
            var login = new KerberosLogin(expanded, path, cache);
            NativeEnvironment.Set("KRB5CCNAME", cache);
            NativeEnvironment.Set("KRB5_CLIENT_KTNAME", "FILE:" + path);
            login.Kinit();
            Log.Info("Kerberos: logged in as {Principal} from keytab {Keytab}; ticket valid until {Expires:u}", expanded, path, login._expires);
            _current = login;
            return login;
        }
    }

    /// <summary>Hadoop's SecurityUtil.getServerPrincipal: <c>_HOST</c> becomes this machine's canonical host name, lower case.</summary>
    public static string ExpandHost(string principal)
    {
        var parts = principal.Split('/', 2);
        if (parts.Length < 2 || !parts[1].StartsWith("_HOST", StringComparison.Ordinal))
        {
            return principal;
        }
        string host;
        try
        {
            host = Dns.GetHostEntry(Dns.GetHostName()).HostName;
        }
        catch (System.Net.Sockets.SocketException)
        {
            host = Dns.GetHostName();
        }
        return parts[0] + "/" + host.ToLowerInvariant() + parts[1]["_HOST".Length..];
    }

    /// <summary>Logs in again when 80% of the ticket's life has passed (call before authenticating).</summary>
    public void EnsureFresh()
    {
        lock (_lock)
        {
            if (DateTime.UtcNow < _loggedInAt + ((_expires - _loggedInAt) * ReloginWindow))
            {
                return;
            }
            Relogin("the ticket is near its expiry");
        }
    }

    /// <summary>A fresh login now (the server refused the current ticket).</summary>
    public void Relogin(string reason)
    {
        lock (_lock)
        {
            try
            {
                Kinit();
            }
            catch (InvalidOperationException ex)
            {
                // At run time a failed login (KDC briefly down) is an I/O failure the sink rolls back and retries,
                // not an exception that escapes its handling; only the first login at start is final.
                throw new KerberosAuthException(ex.Message);
            }
            Log.Info("Kerberos: logged in again as {Principal} ({Reason}); ticket valid until {Expires:u}", Principal, reason, _expires);
        }
    }

    private void Kinit()
    {
        var started = DateTime.UtcNow;
        var (code, output) = Run("kinit", "-kt", Keytab, "-c", _cache, Principal);
        if (code != 0)
        {
            throw new InvalidOperationException(
                $"hdfs.kerberosKeytab/hdfs.kerberosPrincipal: Kerberos login as {Principal} with keytab {Keytab} failed: {output.Trim()}");
        }
        _loggedInAt = started;
        _expires = TicketExpiry() ?? started.AddHours(1);
    }

    // klist in the C locale prints "mm/dd/yy HH:MM:SS  mm/dd/yy HH:MM:SS  krbtgt/REALM@REALM".
    private DateTime? TicketExpiry()
    {
        var (code, output) = Run("klist", "-c", _cache);
        if (code != 0)
        {
            return null;
        }
        foreach (var line in output.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 5 && fields[4].StartsWith("krbtgt/", StringComparison.Ordinal)
                && DateTime.TryParseExact(fields[2] + " " + fields[3], ["MM/dd/yy HH:mm:ss", "MM/dd/yyyy HH:mm:ss"], CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeLocal, out var expires))
            {
                return expires.ToUniversalTime();
            }
        }
        return null;
    }

    private static (int Code, string Output) Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        psi.Environment["LC_ALL"] = "C";
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"hdfs.kerberosKeytab: Kerberos login needs MIT Kerberos' {tool} on the PATH (Debian: krb5-user)");
        }
        using (process)
        {
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"{tool} did not finish in 60 s");
            }
            return (process.ExitCode, output.Result + error.Result);
        }
    }
}
