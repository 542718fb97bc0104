using System.Security.Cryptography;
using System.Text;

namespace FlumeNet.Tools.KafkaEmulator.Sasl;

/// <summary>The server side of SCRAM (RFC 5802) with SHA-256 or SHA-512 (RFC 7677), as Kafka brokers speak it.</summary>
internal sealed class ScramExchange
{
    private const int Iterations = 4096;
    private readonly HashAlgorithmName _hash;
    private readonly SaslUsers _users;
    private string? _clientFirstBare;
    private string? _serverFirst;
    private string? _nonce;
    private byte[]? _salt;

    public ScramExchange(string mechanism, SaslUsers users)
    {
        _hash = mechanism == "SCRAM-SHA-512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256;
        _users = users;
    }

    public string? User { get; private set; }

    public bool Done { get; private set; }

    public byte[]? Step(byte[] token, out string? error)
    {
        error = null;
        var text = Encoding.UTF8.GetString(token);
        if (_serverFirst is null)
        {
            // gs2-header "n,," (no channel binding) then n=user,r=nonce
            var comma = text.IndexOf(",,", StringComparison.Ordinal);
            _clientFirstBare = comma < 0 ? text : text[(comma + 2)..];
            var fields = Fields(_clientFirstBare);
            if (!fields.TryGetValue('n', out var user) || !fields.TryGetValue('r', out var clientNonce))
            {
                error = "Invalid SCRAM client-first message";
                return null;
            }
            User = user.Replace("=2C", ",", StringComparison.Ordinal).Replace("=3D", "=", StringComparison.Ordinal);
            _salt = RandomNumberGenerator.GetBytes(16);
            _nonce = clientNonce + Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
            _serverFirst = $"r={_nonce},s={Convert.ToBase64String(_salt)},i={Iterations}";
            return Encoding.UTF8.GetBytes(_serverFirst);
        }
        // As Kafka's broker, the final nonce must end with the server's: librdkafka 2.0 sends its own nonce before it.
        var final = Fields(text);
        var proofAt = text.LastIndexOf(",p=", StringComparison.Ordinal);
        if (proofAt < 0 || !final.TryGetValue('r', out var nonce) || !nonce.EndsWith(_nonce!, StringComparison.Ordinal) || !final.TryGetValue('p', out var proofText)
            || User is null || !_users.Passwords.TryGetValue(User, out var password))
        {
            error = "Authentication failed during authentication due to invalid credentials with SASL mechanism";
            return null;
        }
        var saltedPassword = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), _salt!, Iterations, _hash, HashSize);
        var clientKey = Hmac(saltedPassword, "Client Key");
        var storedKey = Hash(clientKey);
        var authMessage = $"{_clientFirstBare},{_serverFirst},{text[..proofAt]}";
        var clientSignature = Hmac(storedKey, authMessage);
        byte[] proof;
        try
        {
            proof = Convert.FromBase64String(proofText);
        }
        catch (FormatException)
        {
            proof = [];
        }
        if (proof.Length != clientSignature.Length)
        {
            error = "Authentication failed during authentication due to invalid credentials with SASL mechanism";
            return null;
        }
        var recoveredKey = new byte[proof.Length];
        for (var i = 0; i < proof.Length; i++)
        {
            recoveredKey[i] = (byte)(proof[i] ^ clientSignature[i]);
        }
        if (!CryptographicOperations.FixedTimeEquals(Hash(recoveredKey), storedKey))
        {
            error = "Authentication failed during authentication due to invalid credentials with SASL mechanism";
            return null;
        }
        var serverSignature = Hmac(Hmac(saltedPassword, "Server Key"), authMessage);
        Done = true;
        return Encoding.UTF8.GetBytes("v=" + Convert.ToBase64String(serverSignature));
    }

    private int HashSize => _hash == HashAlgorithmName.SHA512 ? 64 : 32;

    private byte[] Hmac(byte[] key, string data) => _hash == HashAlgorithmName.SHA512
        ? HMACSHA512.HashData(key, Encoding.UTF8.GetBytes(data))
        : HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private byte[] Hash(byte[] data) => _hash == HashAlgorithmName.SHA512 ? SHA512.HashData(data) : SHA256.HashData(data);

    private static Dictionary<char, string> Fields(string message)
    {
        var result = new Dictionary<char, string>();
        foreach (var part in message.Split(','))
        {
            if (part.Length >= 2 && part[1] == '=')
            {
                result[part[0]] = part[2..];
            }
        }
        return result;
    }
}
