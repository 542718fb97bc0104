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
        var writer = Task.Run(() => stream.Write(payload));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var oks = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var reply = reader.ReadLine();
            if (reply is null)
            {
                break;
            }
            oks += reply == "OK" ? 1 : 0;
        }
        writer.Wait();
        return oks;
    }
}
