using System.Text;

namespace FlumeNet.Tools.KafkaEmulator.Sasl;

/// <summary>
/// One connection's SASL exchange: the mechanism chosen by SaslHandshake, then SaslAuthenticate rounds until the
/// client is authenticated (PLAIN: one round, RFC 4616; SCRAM-SHA-256/512: two rounds, RFC 5802).
/// </summary>
internal sealed class SaslSession
{
    private readonly SaslUsers _users;
    private ScramExchange? _scram;

    public SaslSession(SaslUsers users) => _users = users;

    public string? Mechanism { get; private set; }

    public bool Authenticated { get; private set; }

    public string? User { get; private set; }

    /// <summary>A failed authentication: the broker answers, then closes the connection.</summary>
    public bool Failed { get; private set; }

    /// <summary>True when the mechanism is offered; the session then expects SaslAuthenticate.</summary>
    public bool Choose(string mechanism)
    {
        if (!_users.Mechanisms.Contains(mechanism, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }
        Mechanism = mechanism.ToUpperInvariant();
        if (Mechanism.StartsWith("SCRAM-", StringComparison.Ordinal))
        {
            _scram = new ScramExchange(Mechanism, _users);
        }
        return true;
    }

    /// <summary>One SaslAuthenticate round: the bytes to answer, or null with <paramref name="error"/> set on failure.</summary>
    public byte[]? Step(byte[] token, out string? error)
    {
        error = null;
        if (Mechanism is null)
        {
            error = "SaslAuthenticate before SaslHandshake";
            Failed = true;
            return null;
        }
        if (Mechanism == "PLAIN")
        {
            // authzid NUL authcid NUL passwd
            var parts = Encoding.UTF8.GetString(token).Split('\0');
            if (parts.Length != 3 || !_users.Check(parts[1], parts[2]))
            {
                error = "Authentication failed: Invalid username or password";
                Failed = true;
                return null;
            }
            User = parts[1];
            Authenticated = true;
            return [];
        }
        var scram = _scram!;
        var answer = scram.Step(token, out error);
        Failed = answer is null;
        if (answer is not null && scram.Done)
        {
            User = scram.User;
            Authenticated = true;
        }
        return answer;
    }
}
