namespace FlumeNet.Tools.KafkaEmulator.Handlers;

/// <summary>Request header v1 (api key, version, correlation id, client id); the body follows.</summary>
internal sealed record RequestHeader(short ApiKey, short ApiVersion, int CorrelationId, string ClientId);
