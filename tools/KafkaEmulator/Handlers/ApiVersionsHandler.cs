using FlumeNet.Tools.KafkaEmulator.Protocol;

namespace FlumeNet.Tools.KafkaEmulator.Handlers;

/// <summary>
/// ApiVersions v0–v2. A request in a version this broker lacks (clients start with v3) gets the v0 layout with
/// UNSUPPORTED_VERSION and the full list, as Kafka brokers answer, so the client retries with a version offered here.
/// </summary>
internal static class ApiVersionsHandler
{
    public static void Write(KafkaWriter w, short version, short error)
    {
        w.Int16(error);
        w.Array(ApiKey.Supported, static (x, api) => x.Int16(api.Key).Int16(api.Min).Int16(api.Max));
        if (version >= 1 && error == ErrorCode.None)
        {
            w.Int32(0);
        }
    }
}
