using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Net;
using NLog;
using Thrift;
using Thrift.Protocol;
using Thrift.Protocol.Entities;
using Thrift.Transport;

namespace FlumeNet.Agent.ThriftRpc;

/// <summary>What a thrift server does with <c>ThriftSourceProtocol</c> calls; an exception becomes a TApplicationException.</summary>
public interface IThriftFlumeHandler
{
    /// <summary>The list belongs to the caller and is reused after the call returns.</summary>
    ThriftStatus Append(List<FlumeEvent> events, bool batch);
}

/// <summary>How a <see cref="ThriftRpcServer"/> listens.</summary>
public sealed record ThriftRpcServerOptions(IPAddress Address, int Port)
{
    public bool Binary { get; init; }

    public TlsServerSettings? Tls { get; init; }

    public Action<int>? ConnectionsChanged { get; init; }
}

/// <summary>
/// A framed thrift server for Flume's <c>ThriftSourceProtocol</c> (reference §2.2) on a <see cref="TcpConnectionServer"/>:
/// one thread per connection, replies echo the seqid, a handler failure is answered with a TApplicationException, an
/// unknown method likewise (as libthrift's processor does). Bad input closes that connection only.
/// </summary>
public sealed class ThriftRpcServer : IListeningServer
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly string _name;
    private readonly ThriftRpcServerOptions _options;
    private readonly IThriftFlumeHandler _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly TcpConnectionServer _server;

    public ThriftRpcServer(string name, ThriftRpcServerOptions options, IThriftFlumeHandler handler)
    {
        _name = name;
        _options = options;
        _handler = handler;
        _server = new TcpConnectionServer(name, new TcpServerOptions(options.Address, options.Port) { ConnectionsChanged = options.ConnectionsChanged },
            // The thrift library is asynchronous only: the connection's thread waits for its loop.
            socket => ServeAsync(socket).GetAwaiter().GetResult());
    }

    public int BoundPort => _server.BoundPort;

    /// <exception cref="IOException">The address cannot be bound.</exception>
    public void Start() => _server.Start();

    public void Stop(TimeSpan drain)
    {
        _stop.Cancel();
        _server.Stop(drain);
    }

    public void Dispose()
    {
        Stop(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }

    private async Task ServeAsync(Socket socket)
    {
        var remote = socket.RemoteEndPoint?.ToString() ?? "?";
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            if (_options.Tls is { } tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsServerAsync(tls.ToOptions(), _stop.Token).ConfigureAwait(false);
            }
            var protocol = ThriftTransports.Protocol(stream, _options.Binary);
            var events = new List<FlumeEvent>();
            while (!_stop.IsCancellationRequested)
            {
                var message = await protocol.ReadMessageBeginAsync(_stop.Token).ConfigureAwait(false);
                await ServeOneAsync(protocol, message, events).ConfigureAwait(false);
            }
        }
        catch (TTransportException ex) when (ex.Type == TTransportException.ExceptionType.EndOfFile)
        {
            Log.Debug("'{Name}': {Remote} disconnected", _name, remote);
        }
        catch (Exception ex) when (ex is TException or IOException or SocketException or OperationCanceledException or ObjectDisposedException
            or System.Security.Authentication.AuthenticationException)
        {
            Log.Debug("'{Name}': connection from {Remote} closed: {Reason}", _name, remote, ex.Message);
        }
        finally
        {
            try
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
            {
                Log.Trace("'{Name}': closing {Remote}: {Reason}", _name, remote, ex.Message);
            }
        }
    }

    private async Task ServeOneAsync(TProtocol protocol, TMessage message, List<FlumeEvent> events)
    {
        var ct = _stop.Token;
        if (message.Name is not (ThriftFlumeCodec.AppendMessage or ThriftFlumeCodec.AppendBatchMessage))
        {
            await Thrift.Protocol.Utilities.TProtocolUtil.SkipAsync(protocol, TType.Struct, ct).ConfigureAwait(false);
            await protocol.ReadMessageEndAsync(ct).ConfigureAwait(false);
            await ReplyExceptionAsync(protocol, message, new TApplicationException(TApplicationException.ExceptionType.UnknownMethod, $"Invalid method name: '{message.Name}'")).ConfigureAwait(false);
            return;
        }
        events.Clear();
        await ThriftFlumeCodec.ReadArgsAsync(protocol, message.Name, events, ct).ConfigureAwait(false);
        await protocol.ReadMessageEndAsync(ct).ConfigureAwait(false);
        ThriftStatus status;
        try
        {
            status = _handler.Append(events, message.Name == ThriftFlumeCodec.AppendBatchMessage);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await ReplyExceptionAsync(protocol, message, new TApplicationException(TApplicationException.ExceptionType.InternalError, ex.Message)).ConfigureAwait(false);
            return;
        }
        finally
        {
            events.Clear();
        }
        if (message.Type == TMessageType.Oneway)
        {
            return;
        }
        await protocol.WriteMessageBeginAsync(new TMessage(message.Name, TMessageType.Reply, message.SeqID), ct).ConfigureAwait(false);
        await ThriftFlumeCodec.WriteResultAsync(protocol, message.Name, status, ct).ConfigureAwait(false);
        await protocol.WriteMessageEndAsync(ct).ConfigureAwait(false);
        await protocol.Transport.FlushAsync(ct).ConfigureAwait(false);
    }

    private async Task ReplyExceptionAsync(TProtocol protocol, TMessage message, TApplicationException error)
    {
        var ct = _stop.Token;
        await protocol.WriteMessageBeginAsync(new TMessage(message.Name, TMessageType.Exception, message.SeqID), ct).ConfigureAwait(false);
        await error.WriteAsync(protocol, ct).ConfigureAwait(false);
        await protocol.WriteMessageEndAsync(ct).ConfigureAwait(false);
        await protocol.Transport.FlushAsync(ct).ConfigureAwait(false);
    }
}
