using FlumeNet.Agent.AvroRpc;
using FlumeNet.Agent.Core;
using FlumeNet.Agent.Net;
using Thrift;
using Thrift.Protocol;
using Thrift.Protocol.Entities;

namespace FlumeNet.Agent.ThriftRpc;

/// <summary>
/// One framed thrift connection to a <c>ThriftSourceProtocol</c> server, like Flume's <c>ThriftRpcClient</c> with one
/// pooled connection: sequential calls, seqid checked, any failure or timeout leaves it inactive.
/// </summary>
public sealed class ThriftRpcClient : IDisposable
{
    private readonly Stream _stream;
    private readonly TProtocol _protocol;
    private readonly string _remote;
    private readonly TimeSpan _requestTimeout;
    private int _seqId;
    private volatile bool _active = true;

    private ThriftRpcClient(Stream stream, bool binary, string remote, TimeSpan requestTimeout)
    {
        _stream = stream;
        _protocol = ThriftTransports.Protocol(stream, binary);
        _remote = remote;
        _requestTimeout = requestTimeout;
    }

    public bool IsActive => _active;

    public override string ToString() => _remote;

    /// <summary>Connects and runs the TLS handshake (bounded by the connect timeout) on a pool thread.</summary>
    public static Task<ThriftRpcClient> ConnectAsync(string host, int port, bool binary, TlsClientSettings? tls, TimeSpan connectTimeout, TimeSpan requestTimeout, CancellationToken ct) =>
        Task.Run(() =>
        {
            var stream = AvroRpcStreams.ConnectClient(host, port, connectTimeout, deflate: false, 0, tls, ct, out _);
            try
            {
                return new ThriftRpcClient(stream, binary, $"{host}:{port}", requestTimeout);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }, CancellationToken.None);

    public async Task<ThriftStatus> AppendBatchAsync(IReadOnlyList<FlumeEvent> events, int offset, int count, CancellationToken ct)
    {
        if (!_active)
        {
            throw new IOException($"the connection to {_remote} is closed");
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(_requestTimeout);
        try
        {
            var seq = ++_seqId;
            await _protocol.WriteMessageBeginAsync(new TMessage(ThriftFlumeCodec.AppendBatchMessage, TMessageType.Call, seq), cts.Token).ConfigureAwait(false);
            await ThriftFlumeCodec.WriteArgsAsync(_protocol, ThriftFlumeCodec.AppendBatchMessage, events, offset, count, cts.Token).ConfigureAwait(false);
            await _protocol.WriteMessageEndAsync(cts.Token).ConfigureAwait(false);
            await _protocol.Transport.FlushAsync(cts.Token).ConfigureAwait(false);
            var reply = await _protocol.ReadMessageBeginAsync(cts.Token).ConfigureAwait(false);
            if (reply.Type == TMessageType.Exception)
            {
                var error = await TApplicationException.ReadAsync(_protocol, cts.Token).ConfigureAwait(false);
                await _protocol.ReadMessageEndAsync(cts.Token).ConfigureAwait(false);
                throw new IOException($"{_remote} answered with an exception: {error.Message}", error);
            }
            if (reply.SeqID != seq)
            {
                throw new IOException($"{_remote} answered seqid {reply.SeqID} to call {seq}");
            }
            var status = await ThriftFlumeCodec.ReadResultAsync(_protocol, cts.Token).ConfigureAwait(false);
            await _protocol.ReadMessageEndAsync(cts.Token).ConfigureAwait(false);
            return status ?? throw new IOException($"{_remote}: appendBatch failed: unknown result");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            _active = false;
            throw new TimeoutException($"request to {_remote} timed out after {_requestTimeout.TotalMilliseconds:0} ms");
        }
        catch (TException ex)
        {
            _active = false;
            throw new IOException($"thrift call to {_remote} failed: {ex.Message}", ex);
        }
        catch
        {
            _active = false;
            throw;
        }
    }

    public void Dispose()
    {
        _active = false;
        try
        {
            _protocol.Dispose();
            _stream.Dispose();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Closing a broken connection.
        }
    }
}
