namespace FlumeNet.Agent.LogHub;

/// <summary>An AccessKey pair, optionally with an STS token. <see cref="ToString"/> never shows the secret or the token.</summary>
public sealed class LogHubCredentials
{
    public LogHubCredentials(string accessKeyId, string accessKeySecret, string? securityToken = null)
    {
        AccessKeyId = accessKeyId;
        AccessKeySecret = accessKeySecret;
        SecurityToken = string.IsNullOrEmpty(securityToken) ? null : securityToken;
    }

    public string AccessKeyId { get; }

    public string AccessKeySecret { get; }

    public string? SecurityToken { get; }

    public override string ToString() => $"AccessKeyId {AccessKeyId} (secret ***)";
}
