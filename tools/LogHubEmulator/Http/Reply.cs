using System.Text.Json.Nodes;
using FlumeNet.Tools.LogHubEmulator.Protocol;

namespace FlumeNet.Tools.LogHubEmulator.Http;

/// <summary>A response to write: status, body, Content-Type and extra headers.</summary>
internal sealed record Reply(int Status, byte[] Body, string? ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public const string JsonType = "application/json";
    public const string ProtobufType = "application/x-protobuf";

    public string? ErrorCode { get; init; }

    public static Reply Empty() => new(200, [], null, []);

    public static Reply Json(JsonNode node, int status = 200) =>
        new(status, System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()), JsonType, []);

    /// <summary>The LogHub error body <c>{"errorCode","errorMessage"}</c>, always as <c>application/json</c>.</summary>
    public static Reply Error(LogHubException error) =>
        Json(new JsonObject { ["errorCode"] = error.ErrorCode, ["errorMessage"] = error.Message }, error.Status) with { ErrorCode = error.ErrorCode };
}
