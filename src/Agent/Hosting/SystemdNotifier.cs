using System.Globalization;
using System.Net.Sockets;
using System.Text;
using NLog;

namespace FlumeNet.Agent.Hosting;

/// <summary>
/// sd_notify(3) over <c>$NOTIFY_SOCKET</c> for a <c>Type=notify</c> unit: READY=1 once the topology runs, RELOADING=1 /
/// READY=1 around a reload, STOPPING=1 at shutdown, STATUS= lines for <c>systemctl status</c>. Without the variable every
/// call does nothing. Written directly (one datagram per call) rather than with Microsoft.Extensions.Hosting.Systemd, whose
/// lifetime notifies only when the parent process is systemd and whose journald console formatter this NLog agent does not use.
/// </summary>
public sealed class SystemdNotifier : IDisposable
{
    public const string SocketVariable = "NOTIFY_SOCKET";
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly object _lock = new();
    private readonly UnixDomainSocketEndPoint? _endpoint;
    private Socket? _socket;
    private bool _failed;

    public SystemdNotifier(string? socketPath)
    {
        if (string.IsNullOrEmpty(socketPath) || (socketPath[0] != '/' && socketPath[0] != '@'))
        {
            return;
        }
        // "@name" is a socket in the abstract namespace, which .NET spells with a leading NUL.
        _endpoint = new UnixDomainSocketEndPoint(socketPath[0] == '@' ? "\0" + socketPath[1..] : socketPath);
    }

    /// <summary>The notifier for this process: <c>$NOTIFY_SOCKET</c>, or a no-op when it is unset.</summary>
    public static SystemdNotifier FromEnvironment() => new(Environment.GetEnvironmentVariable(SocketVariable));

    public void Ready(string status) => Send($"READY=1\nSTATUS={OneLine(status)}\nMAINPID={Environment.ProcessId}");

    public void Reloading() =>
        Send($"RELOADING=1\nMONOTONIC_USEC={MonotonicMicroseconds().ToString(CultureInfo.InvariantCulture)}\nSTATUS=Reloading the configuration");

    public void Stopping() => Send("STOPPING=1\nSTATUS=Stopping: draining in-flight transactions");

    /// <summary>Sends one notification; a failure is logged once (WARN: the service runs on, systemd may time it out).</summary>
    public void Send(string message)
    {
        if (_endpoint is null)
        {
            return;
        }
        lock (_lock)
        {
            try
            {
                _socket ??= new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
                _socket.SendTo(Encoding.UTF8.GetBytes(message), _endpoint);
            }
            catch (SocketException ex)
            {
                if (!_failed)
                {
                    _failed = true;
                    Log.Warn("Cannot notify systemd at {Socket}: {Reason}", Environment.GetEnvironmentVariable(SocketVariable), ex.Message);
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _socket?.Dispose();
            _socket = null;
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    // CLOCK_MONOTONIC in microseconds, which systemd compares with its own clock for RELOADING=1.
    private static long MonotonicMicroseconds() => (long)(System.Diagnostics.Stopwatch.GetTimestamp() * (1_000_000.0 / System.Diagnostics.Stopwatch.Frequency));
}
