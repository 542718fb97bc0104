namespace FlumeNet.Agent.Sources.Syslog;

/// <summary>
/// Which syslog header fields stay in the event body (reference §3.4): <c>none</c>/<c>false</c> keep nothing,
/// <c>all</c>/<c>true</c> keep the whole line, otherwise each of the words priority, version, timestamp, hostname found
/// anywhere in the value (so any separator works) is kept, prepended in that fixed order.
/// </summary>
public readonly record struct SyslogKeepFields(bool All, bool Priority, bool Version, bool Timestamp, bool Hostname)
{
    public static SyslogKeepFields None => default;

    public bool Any => All || Priority || Version || Timestamp || Hostname;

    public static SyslogKeepFields Parse(string? value)
    {
        var v = (value ?? "none").Trim().ToLowerInvariant();
        if (v is "all" or "true")
        {
            return new SyslogKeepFields(true, false, false, false, false);
        }
        if (v is "none" or "false")
        {
            return None;
        }
        return new SyslogKeepFields(false, v.Contains("priority", StringComparison.Ordinal), v.Contains("version", StringComparison.Ordinal),
            v.Contains("timestamp", StringComparison.Ordinal), v.Contains("hostname", StringComparison.Ordinal));
    }

    /// <summary>The kept fields as they go before the parsed body: <c>&lt;PRI&gt;</c>, <c>VERSION␠</c>, <c>TIMESTAMP␠</c>, <c>HOSTNAME␠</c>.</summary>
    public string Prefix(string? priority, string? version, string? timestamp, string? hostname)
    {
        var p = Priority && !string.IsNullOrEmpty(priority) ? "<" + priority + ">" : string.Empty;
        var v = Version && !string.IsNullOrEmpty(version) ? version + " " : string.Empty;
        var t = Timestamp && !string.IsNullOrEmpty(timestamp) ? timestamp + " " : string.Empty;
        var h = Hostname && !string.IsNullOrEmpty(hostname) ? hostname + " " : string.Empty;
        return string.Concat(p, v, t, h);
    }
}
