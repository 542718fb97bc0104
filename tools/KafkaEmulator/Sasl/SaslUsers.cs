namespace FlumeNet.Tools.KafkaEmulator.Sasl;

/// <summary>The accounts and mechanisms a SASL listener accepts (<c>--sasl-users</c>, <c>--sasl-mechanisms</c>).</summary>
internal sealed class SaslUsers
{
    public SaslUsers(IReadOnlyDictionary<string, string> passwords, IReadOnlyList<string> mechanisms)
    {
        Passwords = passwords;
        Mechanisms = mechanisms;
    }

    public IReadOnlyDictionary<string, string> Passwords { get; }

    public IReadOnlyList<string> Mechanisms { get; }

    public bool Enabled => Passwords.Count > 0;

    public bool Check(string user, string password) => Passwords.TryGetValue(user, out var p) && p == password;
}
