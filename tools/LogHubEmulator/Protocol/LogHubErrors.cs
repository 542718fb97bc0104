namespace FlumeNet.Tools.LogHubEmulator.Protocol;

/// <summary>The error answers of the emulator, with the status and code the real service uses (reference §6.1).</summary>
internal static class LogHubErrors
{
    public static LogHubException ProjectNotExist(string? project) =>
        new(404, "ProjectNotExist", project is null
            ? "no project in the Host header and no default project (create one or start with --project)"
            : $"The Project does not exist : {project}");

    public static LogHubException ProjectAlreadyExist(string project) =>
        new(400, "ProjectAlreadyExist", $"Project {project} already exist");

    public static LogHubException LogStoreNotExist(string logstore) =>
        new(404, "LogStoreNotExist", $"logstore {logstore} does not exist");

    public static LogHubException LogStoreAlreadyExist(string logstore) =>
        new(400, "LogStoreAlreadyExist", $"logstore {logstore} already exists");

    public static LogHubException ShardNotExist(string shard) =>
        new(404, "ShardNotExist", $"shard {shard} does not exist");

    public static LogHubException InvalidCursor(string? cursor) =>
        new(400, "InvalidCursor", $"cursor '{cursor}' is not a valid cursor of this shard");

    public static LogHubException ParameterInvalid(string message) =>
        new(400, "ParameterInvalid", message);

    public static LogHubException MissingParameter(string message) =>
        new(400, "MissingParameter", message);

    public static LogHubException PostBodyInvalid(string message) =>
        new(400, "PostBodyInvalid", message);

    public static LogHubException ConsumerGroupNotExist(string group) =>
        new(404, "ConsumerGroupNotExist", $"consumer group {group} does not exist");

    public static LogHubException ConsumerGroupAlreadyExist(string group) =>
        new(400, "ConsumerGroupAlreadyExist", $"consumer group {group} already exists");

    public static LogHubException ConsumerNotExist(string consumer) =>
        new(404, "ConsumerNotExist", $"consumer {consumer} does not exist");

    public static LogHubException ConsumerNotMatch(string consumer, int shard) =>
        new(400, "ConsumerNotMatch", $"shard {shard} is not held by consumer {consumer}");

    public static LogHubException InvalidShardCheckPoint(string message) =>
        new(400, "InvalidShardCheckPoint", message);
}
