using FlumeNet.Tools.KafkaEmulator.Faults;
using FlumeNet.Tools.KafkaEmulator.Handlers;
using FlumeNet.Tools.KafkaEmulator.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FlumeNet.Tools.KafkaEmulator.Server;

/// <summary>
/// HTTP control API on 127.0.0.1: <c>POST /faults</c> {api, topic?, error, count?, delayMs?}, <c>DELETE /faults</c>,
/// <c>POST /restart</c> (drop all connections and group members), <c>POST /rebalance?group=G</c>, <c>GET /stats</c>.
/// </summary>
internal static class ControlApi
{
    public static WebApplication Build(BrokerContext ctx, KafkaBroker broker, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapPost("/faults", (FaultRequest f) =>
        {
            ctx.Faults.Add(new FaultRule
            {
                Api = f.Api,
                Topic = f.Topic,
                Error = f.Error is null ? ErrorCode.None : ErrorCode.Parse(f.Error),
                DelayMs = f.DelayMs ?? 0,
                Remaining = f.Count ?? 1,
            });
            return Results.Ok();
        });
        app.MapDelete("/faults", () =>
        {
            ctx.Faults.Clear();
            return Results.Ok();
        });
        app.MapPost("/restart", () =>
        {
            broker.Restart();
            return Results.Ok();
        });
        app.MapPost("/rebalance", (string group) =>
        {
            var g = ctx.Groups.Find(group);
            if (g is null)
            {
                return Results.NotFound();
            }
            g.ForceRebalance();
            return Results.Ok();
        });
        app.MapGet("/stats", () => Results.Json(Stats(ctx)));
        return app;
    }

    private static object Stats(BrokerContext ctx) => new
    {
        requests = ctx.Stats.Requests,
        connections = ctx.Stats.Connections,
        producedBatches = ctx.Stats.ProducedBatches,
        producedRecords = ctx.Stats.ProducedRecords,
        fetches = ctx.Stats.Fetches,
        topics = ctx.Topics.Names.Select(n => new
        {
            name = n,
            partitions = ctx.Topics.Find(n)!.Select(p => new { partition = p.Partition, highWatermark = p.HighWatermark, records = p.RecordCount }),
        }),
        groups = ctx.Groups.Groups.Select(g => new
        {
            id = g.Id,
            state = g.State.ToString(),
            generation = g.Generation,
            protocol = g.Protocol,
            rebalances = g.Rebalances,
            members = g.Describe().Select(m => new { id = m.Id, clientId = m.ClientId, assignmentBytes = m.AssignmentBytes }),
            offsets = g.AllCommitted().Select(o => new { topic = o.Topic, partition = o.Partition, offset = o.Offset }),
        }),
    };

    internal sealed record FaultRequest(string Api, string? Topic, string? Error, int? Count, int? DelayMs);
}
