using FlumeNet.Tools.LogHubEmulator.Http;
using FlumeNet.Tools.LogHubEmulator.Protocol;

namespace FlumeNet.Tools.LogHubEmulator.Diagnostics;

/// <summary>
/// Conditions of the real service that tests switch on: a RAM policy per AccessKey (the actions it may call; a key
/// without a policy may call everything), a step of the server clock as the signature check sees it (a client
/// whose clock jumped), and the largest PutLogs body accepted.
/// </summary>
internal sealed class ServiceConditions
{
    public const int ServiceMaxPutRawBytes = 10 * 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<string>> _policies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private long _clockOffsetTicks;
    private int _maxPutRawBytes = ServiceMaxPutRawBytes;

    /// <summary>Added to the server clock when request dates are checked.</summary>
    public TimeSpan ClockOffset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _clockOffsetTicks));
        set => Interlocked.Exchange(ref _clockOffsetTicks, value.Ticks);
    }

    public int MaxPutRawBytes
    {
        get => Volatile.Read(ref _maxPutRawBytes);
        set => Volatile.Write(ref _maxPutRawBytes, value is > 0 ? value : ServiceMaxPutRawBytes);
    }

    /// <summary>Sets the actions (<c>log:ListConsumerGroup</c> or <c>ListConsumerGroup</c>, <c>log:*</c>) a key may call; null removes its policy.</summary>
    public void SetPolicy(string accessKeyId, IEnumerable<string>? actions)
    {
        lock (_gate)
        {
            if (actions is null)
            {
                _policies.Remove(accessKeyId);
                return;
            }

            _policies[accessKeyId] = new HashSet<string>(actions.Select(a => a.StartsWith("log:", StringComparison.Ordinal) ? a : "log:" + a), StringComparer.Ordinal);
        }
    }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Policies()
    {
        lock (_gate)
        {
            return _policies.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// Makes <paramref name="accessKeyId"/> a temporary (STS) key whose requests must carry this
    /// <c>x-acs-security-token</c>; another or none is 401 <c>SecurityTokenExpired</c>, as when an STS token ran out.
    /// Null makes it a plain key again.
    /// </summary>
    public void SetSecurityToken(string accessKeyId, string? token)
    {
        lock (_gate)
        {
            if (token is null)
            {
                _tokens.Remove(accessKeyId);
            }
            else
            {
                _tokens[accessKeyId] = token;
            }
        }
    }

    /// <summary>Throws the service's 401 when the key's policy lacks the action the operation needs, or its STS token is not the current one.</summary>
    public void CheckAllowed(string accessKeyId, RouteMatch route, string? project, string? securityToken = null)
    {
        var action = RamAction(route.Operation);
        lock (_gate)
        {
            if (_tokens.TryGetValue(accessKeyId, out var required) && required != securityToken)
            {
                throw new LogHubException(401, "SecurityTokenExpired", "The security token you provided has expired or is not valid");
            }

            if (!_policies.TryGetValue(accessKeyId, out var allowed) || allowed.Contains("log:*") || allowed.Contains(action))
            {
                return;
            }
        }

        var resource = $"acs:log:*:*:project/{project}";
        if (route.Logstore is not null)
        {
            resource += $"/logstore/{route.Logstore}";
        }

        if (route.ConsumerGroup is not null)
        {
            resource += $"/consumergroup/{route.ConsumerGroup}";
        }

        throw new LogHubException(401, "Unauthorized", $"denied by sts or ram, action: {action}, resource: {resource}");
    }

    /// <summary>The RAM action of an operation, as Alibaba's documentation names them.</summary>
    public static string RamAction(string operation) => operation switch
    {
        Operations.GetCursor or Operations.GetCursorTime or Operations.PullLogs => "log:GetCursorOrData",
        Operations.PutLogs => "log:PostLogStoreLogs",
        Operations.HeartBeat => "log:ConsumerGroupHeartBeat",
        Operations.UpdateCheckPoint => "log:ConsumerGroupUpdateCheckPoint",
        Operations.GetCheckPoint => "log:GetConsumerGroupCheckPoint",
        Operations.ListShards => "log:ListShards",
        _ => "log:" + operation,
    };
}
