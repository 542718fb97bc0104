using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using FlumeNet.Tools.WebHdfsEmulator.Protocol;

namespace FlumeNet.Tools.WebHdfsEmulator.Security;

/// <summary>
/// The NameNode's delegation-token secret manager, reduced to what clients see: opaque URL-safe tokens for a user,
/// valid until their expiry (renewable by the renewer up to the maximum lifetime), cancellable; an unknown,
/// expired or cancelled token fails with SecretManager$InvalidToken.
/// </summary>
internal sealed class DelegationTokens(TimeSpan lifetime, TimeSpan maxLifetime, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Entry> _tokens = new(StringComparer.Ordinal);
    private int _sequence;
    private int _renewed;

    public int Issued => Volatile.Read(ref _sequence);

    public int Renewed => Volatile.Read(ref _renewed);

    public string Issue(string owner, string renewer)
    {
        var now = clock.GetUtcNow();
        var sequence = Interlocked.Increment(ref _sequence);
        var bytes = RandomNumberGenerator.GetBytes(24);
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), sequence);
        var token = Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _tokens[token] = new Entry(owner, renewer, sequence, now + lifetime, now + maxLifetime);
        return token;
    }

    /// <summary>The token's owner; throws InvalidToken when it is not (or no longer) valid.</summary>
    public string Verify(string token)
    {
        var entry = Find(token);
        var now = clock.GetUtcNow();
        if (now > entry.Expiry)
        {
            throw new HdfsError(JavaExceptionType.InvalidToken,
                $"token (HDFS_DELEGATION_TOKEN token {entry.Sequence} for {entry.Owner}) is expired, current time: {Millis(now)} expected renewal time: {Millis(entry.Expiry)}");
        }
        return entry.Owner;
    }

    /// <summary>Extends the token by one lifetime (capped at its maximum date); returns the new expiry in epoch ms.</summary>
    public long Renew(string token, string caller)
    {
        var entry = Find(token);
        var now = clock.GetUtcNow();
        if (!string.Equals(entry.Renewer, caller, StringComparison.Ordinal))
        {
            throw new HdfsError(JavaExceptionType.AccessControl, $"{caller} tries to renew a token (HDFS_DELEGATION_TOKEN token {entry.Sequence} for {entry.Owner}) with non-matching renewer {entry.Renewer}");
        }
        if (now > entry.MaxDate)
        {
            throw new HdfsError(JavaExceptionType.InvalidToken, $"token (HDFS_DELEGATION_TOKEN token {entry.Sequence} for {entry.Owner}) can't be renewed beyond its max lifetime");
        }
        if (now > entry.Expiry)
        {
            throw new HdfsError(JavaExceptionType.InvalidToken, $"token (HDFS_DELEGATION_TOKEN token {entry.Sequence} for {entry.Owner}) is expired, current time: {Millis(now)} expected renewal time: {Millis(entry.Expiry)}");
        }
        var expiry = now + lifetime < entry.MaxDate ? now + lifetime : entry.MaxDate;
        _tokens[token] = entry with { Expiry = expiry };
        Interlocked.Increment(ref _renewed);
        return expiry.ToUnixTimeMilliseconds();
    }

    public void Cancel(string token, string caller)
    {
        var entry = Find(token);
        if (!string.Equals(entry.Owner, caller, StringComparison.Ordinal) && !string.Equals(entry.Renewer, caller, StringComparison.Ordinal))
        {
            throw new HdfsError(JavaExceptionType.AccessControl, $"{caller} is not authorized to cancel the token");
        }
        _tokens.TryRemove(token, out _);
    }

    private Entry Find(string token) =>
        _tokens.TryGetValue(token, out var entry) ? entry
            : throw new HdfsError(JavaExceptionType.InvalidToken, "token can't be found in cache");

    private static string Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private sealed record Entry(string Owner, string Renewer, int Sequence, DateTimeOffset Expiry, DateTimeOffset MaxDate);
}
