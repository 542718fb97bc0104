using FlumeNet.Tools.KafkaEmulator.Protocol;
using FlumeNet.Tools.KafkaEmulator.Sasl;

namespace FlumeNet.Tools.KafkaEmulator.Handlers;

/// <summary>SaslHandshake v1 (mechanism choice; the tokens then come in SaslAuthenticate) and SaslAuthenticate v0–v1.</summary>
internal static class SaslHandlers
{
    public static void Handshake(SaslUsers users, SaslSession? session, KafkaReader r, KafkaWriter w)
    {
        var mechanism = r.String();
        var ok = session is not null && session.Choose(mechanism);
        w.Int16(ok ? ErrorCode.None : ErrorCode.UnsupportedSaslMechanism);
        w.Array(users.Mechanisms, static (x, m) => x.String(m));
    }

    /// <summary>False when the client failed to authenticate (the connection is closed after the answer, as Kafka does).</summary>
    public static bool Authenticate(SaslSession? session, short v, KafkaReader r, KafkaWriter w)
    {
        var token = r.Bytes();
        string? error = "SASL is not enabled on this listener";
        var answer = session?.Step(token, out error);
        w.Int16(answer is null ? ErrorCode.SaslAuthenticationFailed : ErrorCode.None);
        w.String(answer is null ? error : null);
        w.Bytes(answer ?? []);
        if (v >= 1)
        {
            // 0: no re-authentication (KIP-368) is required.
            w.Int64(0);
        }
        return answer is not null;
    }
}
