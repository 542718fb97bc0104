using System.Net.Sockets;
using System.Text;

namespace FlumeNet.Agent.Tests.Release;

/// <summary>Stands in for systemd's notification socket: a Unix datagram socket whose messages a test waits for.</summary>
public sealed class NotifyListener : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly List<string> _messages = [];

    public NotifyListener(string path)
    {
        Path = path;
        _socket.Bind(new UnixDomainSocketEndPoint(path));
        _socket.ReceiveTimeout = 200;
    }

    public string Path { get; }

    /// <summary>Every message received so far, in order.</summary>
    public IReadOnlyList<string> Messages => _messages;

    /// <summary>Waits (bounded) for a message holding <paramref name="line"/> as one of its lines; returns that message or null.</summary>
    public string? WaitFor(string line, Func<bool> gaveUp, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var buffer = new byte[4096];
        var seen = _messages.Count;
        while (DateTime.UtcNow < deadline)
        {
            for (; seen < _messages.Count; seen++)
            {
                if (_messages[seen].Split('\n').Contains(line))
                {
                    return _messages[seen];
                }
            }
            try
            {
                var n = _socket.Receive(buffer);
                _messages.Add(Encoding.UTF8.GetString(buffer, 0, n));
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                if (gaveUp())
                {
                    return null;
                }
            }
        }
        return null;
    }

    /// <summary>Forgets what was received, so that the next wait sees only later messages.</summary>
    public void Clear() => _messages.Clear();

    public void Dispose()
    {
        _socket.Dispose();
        File.Delete(Path);
    }
}
