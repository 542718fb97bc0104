using FlumeNet.Agent.Core;
using Thrift.Protocol;
using Thrift.Protocol.Entities;
using Thrift.Protocol.Utilities;

namespace FlumeNet.Agent.ThriftRpc;

/// <summary>Flume's thrift <c>Status</c> (an i32 on the wire).</summary>
public enum ThriftStatus
{
    Ok = 0,
    Failed = 1,
    Error = 2,
    Unknown = 3,
}

/// <summary>
/// The structs of Flume's <c>flume.thrift</c> (reference §2.1), written by hand over ApacheThrift's protocols:
/// <c>ThriftFlumeEvent {1: required map&lt;string,string&gt; headers, 2: required binary body}</c>, the
/// <c>append_args</c>/<c>appendBatch_args</c> (field 1) and the results (field 0 <c>success</c>, i32).
/// </summary>
public static class ThriftFlumeCodec
{
    public const string AppendMessage = "append";
    public const string AppendBatchMessage = "appendBatch";
    private static readonly TStruct EventStruct = new("ThriftFlumeEvent");
    private static readonly TField HeadersField = new("headers", TType.Map, 1);
    private static readonly TField BodyField = new("body", TType.String, 2);

    public static async Task WriteEventAsync(TProtocol p, FlumeEvent e, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(e);
        await p.WriteStructBeginAsync(EventStruct, ct).ConfigureAwait(false);
        await p.WriteFieldBeginAsync(HeadersField, ct).ConfigureAwait(false);
        var count = e.HasHeaders ? e.Headers.Count : 0;
        await p.WriteMapBeginAsync(new TMap(TType.String, TType.String, count), ct).ConfigureAwait(false);
        if (count > 0)
        {
            foreach (var (key, value) in e.Headers)
            {
                await p.WriteStringAsync(key, ct).ConfigureAwait(false);
                await p.WriteStringAsync(value, ct).ConfigureAwait(false);
            }
        }
        await p.WriteMapEndAsync(ct).ConfigureAwait(false);
        await p.WriteFieldEndAsync(ct).ConfigureAwait(false);
        await p.WriteFieldBeginAsync(BodyField, ct).ConfigureAwait(false);
        await p.WriteBinaryAsync(e.Body, ct).ConfigureAwait(false);
        await p.WriteFieldEndAsync(ct).ConfigureAwait(false);
        await p.WriteFieldStopAsync(ct).ConfigureAwait(false);
        await p.WriteStructEndAsync(ct).ConfigureAwait(false);
    }

    /// <exception cref="TProtocolException">A required field is missing or has the wrong type.</exception>
    public static async Task<FlumeEvent> ReadEventAsync(TProtocol p, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(p);
        Dictionary<string, string>? headers = null;
        byte[]? body = null;
        await p.ReadStructBeginAsync(ct).ConfigureAwait(false);
        while (true)
        {
            var field = await p.ReadFieldBeginAsync(ct).ConfigureAwait(false);
            if (field.Type == TType.Stop)
            {
                break;
            }
            if (field.ID == 1 && field.Type == TType.Map)
            {
                var map = await p.ReadMapBeginAsync(ct).ConfigureAwait(false);
                headers = new Dictionary<string, string>(Math.Min(map.Count, 64), StringComparer.Ordinal);
                for (var i = 0; i < map.Count; i++)
                {
                    var key = await p.ReadStringAsync(ct).ConfigureAwait(false);
                    headers[key] = await p.ReadStringAsync(ct).ConfigureAwait(false);
                }
                await p.ReadMapEndAsync(ct).ConfigureAwait(false);
            }
            else if (field.ID == 2 && field.Type == TType.String)
            {
                body = await p.ReadBinaryAsync(ct).ConfigureAwait(false);
            }
            else
            {
                await TProtocolUtil.SkipAsync(p, field.Type, ct).ConfigureAwait(false);
            }
            await p.ReadFieldEndAsync(ct).ConfigureAwait(false);
        }
        await p.ReadStructEndAsync(ct).ConfigureAwait(false);
        if (headers is null || body is null)
        {
            throw new TProtocolException(TProtocolException.INVALID_DATA,
                $"Required field '{(headers is null ? "headers" : "body")}' was not present! Struct: ThriftFlumeEvent");
        }
        return new FlumeEvent(body, headers.Count == 0 ? null : headers);
    }

    /// <summary>Writes <c>append_args</c> or <c>appendBatch_args</c> for events [offset, offset+count).</summary>
    public static async Task WriteArgsAsync(TProtocol p, string message, IReadOnlyList<FlumeEvent> events, int offset, int count, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(events);
        var batch = message == AppendBatchMessage;
        await p.WriteStructBeginAsync(new TStruct(message + "_args"), ct).ConfigureAwait(false);
        await p.WriteFieldBeginAsync(new TField(batch ? "events" : "event", batch ? TType.List : TType.Struct, 1), ct).ConfigureAwait(false);
        if (batch)
        {
            await p.WriteListBeginAsync(new TList(TType.Struct, count), ct).ConfigureAwait(false);
            for (var i = offset; i < offset + count; i++)
            {
                await WriteEventAsync(p, events[i], ct).ConfigureAwait(false);
            }
            await p.WriteListEndAsync(ct).ConfigureAwait(false);
        }
        else
        {
            await WriteEventAsync(p, events[offset], ct).ConfigureAwait(false);
        }
        await p.WriteFieldEndAsync(ct).ConfigureAwait(false);
        await p.WriteFieldStopAsync(ct).ConfigureAwait(false);
        await p.WriteStructEndAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Reads <c>append_args</c> or <c>appendBatch_args</c> into <paramref name="into"/>.</summary>
    public static async Task ReadArgsAsync(TProtocol p, string message, List<FlumeEvent> into, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(into);
        await p.ReadStructBeginAsync(ct).ConfigureAwait(false);
        while (true)
        {
            var field = await p.ReadFieldBeginAsync(ct).ConfigureAwait(false);
            if (field.Type == TType.Stop)
            {
                break;
            }
            if (field.ID == 1 && message == AppendBatchMessage && field.Type == TType.List)
            {
                var list = await p.ReadListBeginAsync(ct).ConfigureAwait(false);
                for (var i = 0; i < list.Count; i++)
                {
                    into.Add(await ReadEventAsync(p, ct).ConfigureAwait(false));
                }
                await p.ReadListEndAsync(ct).ConfigureAwait(false);
            }
            else if (field.ID == 1 && message == AppendMessage && field.Type == TType.Struct)
            {
                into.Add(await ReadEventAsync(p, ct).ConfigureAwait(false));
            }
            else
            {
                await TProtocolUtil.SkipAsync(p, field.Type, ct).ConfigureAwait(false);
            }
            await p.ReadFieldEndAsync(ct).ConfigureAwait(false);
        }
        await p.ReadStructEndAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Writes <c>append_result</c>/<c>appendBatch_result</c>: field 0 <c>success</c>, i32.</summary>
    public static async Task WriteResultAsync(TProtocol p, string message, ThriftStatus status, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(p);
        await p.WriteStructBeginAsync(new TStruct(message + "_result"), ct).ConfigureAwait(false);
        await p.WriteFieldBeginAsync(new TField("success", TType.I32, 0), ct).ConfigureAwait(false);
        await p.WriteI32Async((int)status, ct).ConfigureAwait(false);
        await p.WriteFieldEndAsync(ct).ConfigureAwait(false);
        await p.WriteFieldStopAsync(ct).ConfigureAwait(false);
        await p.WriteStructEndAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Reads a result struct; null when it carries no <c>success</c> field.</summary>
    public static async Task<ThriftStatus?> ReadResultAsync(TProtocol p, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(p);
        ThriftStatus? status = null;
        await p.ReadStructBeginAsync(ct).ConfigureAwait(false);
        while (true)
        {
            var field = await p.ReadFieldBeginAsync(ct).ConfigureAwait(false);
            if (field.Type == TType.Stop)
            {
                break;
            }
            if (field.ID == 0 && field.Type == TType.I32)
            {
                status = (ThriftStatus)await p.ReadI32Async(ct).ConfigureAwait(false);
            }
            else
            {
                await TProtocolUtil.SkipAsync(p, field.Type, ct).ConfigureAwait(false);
            }
            await p.ReadFieldEndAsync(ct).ConfigureAwait(false);
        }
        await p.ReadStructEndAsync(ct).ConfigureAwait(false);
        return status;
    }
}
