using System.Net.Sockets;
using System.Text;

namespace FlumeNet.Agent.Tests.Support;

/// <summary>Talks to a netcat source as a client would: sends lines, reads its one-line replies.</summary>
public static class NetcatClient
{
    /// <summary>Sends lines and reads one reply line per line; returns how many were acknowledged OK.</summary>
    public static int SendAndCountOks(int port, List<string> lines)
    {
        using var client = new TcpClient("127.0.0.1", port);
        using var stream = client.GetStream();
        var payload = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        // Written from another thread so that replies are read while sending; the writer is always observed (a
        // failure on it fails the caller, never the test host), also when reading throws.
        var writer = Task.Run(() => stream.Write(payload));
        var oks = 0;
        try
        {
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            for (var i = 0; i < lines.Count; i++)
            {
                var reply = reader.ReadLine();
                if (reply is null)
                {
                    break;
                }
                oks += reply == "OK" ? 1 : 0;
            }
        }
        finally
        {
            client.Close();
            try
            {
                writer.Wait(TimeSpan.FromMinutes(2));
            }
            catch (AggregateException) when (oks < lines.Count)
            {
                // The agent closed the connection before everything was sent: the count says so.
            }
        }
        return oks;
    }
}
