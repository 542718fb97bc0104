namespace FlumeNet.Tools.LogHubEmulator;

/// <summary>How to start a <see cref="LogHubEmulatorServer"/>.</summary>
public sealed record LogHubEmulatorOptions
{
    /// <summary>The AccessKeyId accepted when none is configured.</summary>
    public const string DefaultAccessKeyId = "emulator-id";

    /// <summary>The AccessKeySecret of <see cref="DefaultAccessKeyId"/>.</summary>
    public const string DefaultAccessKeySecret = "emulator-secret";

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Directory that keeps all state across restarts; null keeps everything in memory.</summary>
    public string? StateDirectory { get; init; }

    public string AccessKeyId { get; init; } = DefaultAccessKeyId;

    public string AccessKeySecret { get; init; } = DefaultAccessKeySecret;

    /// <summary>More accepted key pairs (AccessKeyId → AccessKeySecret).</summary>
    public IReadOnlyDictionary<string, string> AdditionalAccessKeys { get; init; } = new Dictionary<string, string>();

    /// <summary>Project created at startup (if missing) and used when the Host header names none.</summary>
    public string? Project { get; init; }

    /// <summary>Logstore created at startup in <see cref="Project"/> (if missing) with <see cref="Shards"/> shards.</summary>
    public string? Logstore { get; init; }

    public int Shards { get; init; } = 2;

    /// <summary>Endpoint host names besides IPv4 literals and <c>localhost</c> (e.g. <c>cn-hangzhou.log.aliyuncs.com</c>).</summary>
    public IReadOnlyList<string> EndpointHosts { get; init; } = [];

    /// <summary>Largest accepted difference between the request Date and the server clock.</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The server clock: receive times, signature skew, consumer timeouts. Tests may substitute a manual one.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>RAM policies: AccessKeyId → the actions it may call (<c>log:ListConsumerGroup</c>, …). Keys without one may call everything.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> RamPolicies { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>When set, one line per LogHub request is written here.</summary>
    public TextWriter? RequestLog { get; init; }

    internal IReadOnlyDictionary<string, string> AllAccessKeys()
    {
        var keys = new Dictionary<string, string>(AdditionalAccessKeys, StringComparer.Ordinal)
        {
            [AccessKeyId] = AccessKeySecret,
        };
        return keys;
    }
}
