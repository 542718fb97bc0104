namespace FlumeNet.Tools.LogHubEmulator.State;

/// <summary>One LogGroup as received (uncompressed protobuf bytes) and the server receive time in unix milliseconds.</summary>
internal sealed record StoredLogGroup(byte[] Data, long ReceiveTimeMs);
