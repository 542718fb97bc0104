using System.Text.Json;
using FlumeNet.Tools.WebHdfsEmulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace FlumeNet.Tools.WebHdfsEmulator.Admin;

/// <summary>
/// Test control on the NameNode port under /_emulator/ (no WebHDFS semantics):
/// POST/GET/DELETE faults, GET/DELETE stats, GET/PUT standby, DELETE leases, GET info.
/// </summary>
internal sealed class AdminApi(EmulatorState state)
{
    public const string Prefix = "/_emulator";

    public static bool Handles(HttpContext context) => context.Request.Path.StartsWithSegments(Prefix, StringComparison.Ordinal);

    public async Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method.ToUpperInvariant();
        var route = context.Request.Path.Value!.TrimEnd('/')[Prefix.Length..];
        try
        {
            switch (route, method)
            {
                case ("/faults", "POST"):
                    await AddFaultsAsync(context).ConfigureAwait(false);
                    break;
                case ("/faults", "GET"):
                    await JsonAsync(context, 200, w =>
                    {
                        w.WriteStartObject();
                        w.WriteStartArray("faults");
                        foreach (var pending in state.FaultRules.Pending())
                        {
                            FaultRuleJson.Write(w, pending);
                        }
                        w.WriteEndArray();
                        w.WriteEndObject();
                    }).ConfigureAwait(false);
                    break;
                case ("/faults", "DELETE"):
                    var cleared = state.FaultRules.Clear();
                    await JsonAsync(context, 200, w => WriteSingle(w, "cleared", cleared)).ConfigureAwait(false);
                    break;
                case ("/stats", "GET"):
                    await JsonAsync(context, 200, w => StatsJson.Write(w, state.Stats.Snapshot())).ConfigureAwait(false);
                    break;
                case ("/stats", "DELETE"):
                    state.Stats.Reset();
                    await JsonAsync(context, 200, w => WriteSingle(w, "reset", true)).ConfigureAwait(false);
                    break;
                case ("/standby", "PUT" or "POST"):
                    state.Standby = new RequestParams(context.Request.Query).GetBool("value", true);
                    await JsonAsync(context, 200, w => WriteSingle(w, "standby", state.Standby)).ConfigureAwait(false);
                    break;
                case ("/standby", "GET"):
                    await JsonAsync(context, 200, w => WriteSingle(w, "standby", state.Standby)).ConfigureAwait(false);
                    break;
                case ("/leases", "DELETE"):
                    state.Namespace.Leases.Clear();
                    await JsonAsync(context, 200, w => WriteSingle(w, "cleared", true)).ConfigureAwait(false);
                    break;
                case ("/info", "GET"):
                    await JsonAsync(context, 200, WriteInfo).ConfigureAwait(false);
                    break;
                case ("/faults" or "/stats" or "/standby" or "/leases" or "/info", _):
                    await ErrorAsync(context, 405, $"{method} is not allowed on {Prefix}{route}").ConfigureAwait(false);
                    break;
                default:
                    await ErrorAsync(context, 404, $"unknown admin endpoint {Prefix}{route} (faults, stats, standby, leases, info)").ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception e) when (e is FormatException or ArgumentException or JsonException or HdfsError)
        {
            await ErrorAsync(context, 400, e.Message).ConfigureAwait(false);
        }
    }

    private async Task AddFaultsAsync(HttpContext context)
    {
        using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        var rules = FaultRuleJson.ParseMany(document.RootElement);
        foreach (var rule in rules)
        {
            state.FaultRules.Add(rule);
        }
        await JsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("added", rules.Count);
            w.WriteNumber("pending", state.FaultRules.Pending().Count);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private void WriteInfo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("root", state.Namespace.Root);
        w.WriteString("namenode", $"{state.Scheme}://127.0.0.1:{state.NameNodePort}");
        w.WriteString("datanode", $"{state.Scheme}://127.0.0.1:{state.DataNodePort}");
        w.WriteBoolean("httpfs", state.Options.HttpFs);
        w.WriteBoolean("standby", state.Standby);
        w.WriteBoolean("requireUser", state.Options.RequireUser);
        w.WriteEndObject();
    }

    private static Task JsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write) =>
        JsonResponses.WriteAsync(context.Response, status, write);

    private static Task ErrorAsync(HttpContext context, int status, string message) =>
        JsonAsync(context, status, w => WriteSingle(w, "error", message));

    private static void WriteSingle(Utf8JsonWriter w, string name, object value)
    {
        w.WriteStartObject();
        switch (value)
        {
            case bool b:
                w.WriteBoolean(name, b);
                break;
            case int i:
                w.WriteNumber(name, i);
                break;
            default:
                w.WriteString(name, value.ToString());
                break;
        }
        w.WriteEndObject();
    }
}
