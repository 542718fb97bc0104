using FlumeNet.Tools.KafkaEmulator.Handlers;
using FlumeNet.Tools.KafkaEmulator.Protocol;
using FlumeNet.Tools.KafkaEmulator.Sasl;

namespace FlumeNet.Tools.KafkaEmulator.Server;

/// <summary>Reads a request header, routes the body to its handler and returns the response frame (null: none is sent).</summary>
internal sealed class RequestDispatcher
{
    private readonly BrokerContext _ctx;

    public RequestDispatcher(BrokerContext ctx)
    {
        _ctx = ctx;
    }

    public async Task<ReadOnlyMemory<byte>?> Handle(byte[] frame, int length, SaslSession? sasl, CancellationToken cancel)
    {
        _ctx.Stats.Request();
        var r = new KafkaReader(frame, 0, length);
        var apiKey = r.Int16();
        var version = r.Int16();
        var correlationId = r.Int32();
        var w = new KafkaWriter();
        w.Int32(correlationId);
        if (!ApiKey.IsSupported(apiKey, version))
        {
            if (apiKey == ApiKey.ApiVersions)
            {
                ApiVersionsHandler.Write(w, 0, ErrorCode.UnsupportedVersion);
                return w.Finish();
            }
            throw new ProtocolException($"{ApiKey.Name(apiKey)} v{version} is not supported by this emulator");
        }
        var clientId = r.NullableString() ?? "";
        if (sasl is { Authenticated: false } && apiKey is not (ApiKey.ApiVersions or ApiKey.SaslHandshake or ApiKey.SaslAuthenticate))
        {
            // As Kafka: a request other than these before authentication closes the connection.
            throw new ProtocolException($"{ApiKey.Name(apiKey)} before SASL authentication");
        }
        var global = _ctx.Faults.Take(ApiKey.Name(apiKey) + ":delay", null);
        if (global is not null && global.DelayMs > 0)
        {
            await Task.Delay(global.DelayMs, cancel).ConfigureAwait(false);
        }
        switch (apiKey)
        {
            case ApiKey.ApiVersions:
                ApiVersionsHandler.Write(w, version, ErrorCode.None);
                break;
            case ApiKey.Metadata:
                MetadataHandler.Handle(_ctx, version, r, w);
                break;
            case ApiKey.Produce:
                if (!await ProduceHandler.Handle(_ctx, version, r, w).ConfigureAwait(false))
                {
                    return null;
                }
                break;
            case ApiKey.Fetch:
                await FetchHandler.Handle(_ctx, version, r, w, cancel).ConfigureAwait(false);
                break;
            case ApiKey.ListOffsets:
                ListOffsetsHandler.Handle(_ctx, version, r, w);
                break;
            case ApiKey.FindCoordinator:
                GroupHandlers.FindCoordinator(_ctx, version, r, w);
                break;
            case ApiKey.JoinGroup:
                await GroupHandlers.Join(_ctx, clientId, version, r, w).WaitAsync(cancel).ConfigureAwait(false);
                break;
            case ApiKey.SyncGroup:
                await GroupHandlers.Sync(_ctx, version, r, w).WaitAsync(cancel).ConfigureAwait(false);
                break;
            case ApiKey.Heartbeat:
                GroupHandlers.Heartbeat(_ctx, version, r, w);
                break;
            case ApiKey.LeaveGroup:
                GroupHandlers.Leave(_ctx, version, r, w);
                break;
            case ApiKey.OffsetCommit:
                OffsetHandlers.Commit(_ctx, version, r, w);
                break;
            case ApiKey.OffsetFetch:
                OffsetHandlers.Fetch(_ctx, version, r, w);
                break;
            case ApiKey.SaslHandshake:
                SaslHandlers.Handshake(_ctx.Sasl, sasl, r, w);
                break;
            case ApiKey.SaslAuthenticate:
                SaslHandlers.Authenticate(sasl, version, r, w);
                break;
            case ApiKey.CreateTopics:
                CreateTopicsHandler.Handle(_ctx, version, r, w);
                break;
        }
        return w.Finish();
    }
}
