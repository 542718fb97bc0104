namespace FlumeNet.ConfigParser.Diagnostics;

/// <summary>
/// One finding about a config: where, what and how to fix it. <see cref="Key"/> is the full property key
/// (<c>a1.channels.c1.capacity</c>) or the agent-level name the finding is about. Messages never hold secret values:
/// callers pass values through <c>Redaction</c> before formatting them in.
/// </summary>
public sealed record Diagnostic(
    SourceLocation Location,
    Severity Severity,
    string Code,
    string Key,
    string Message,
    string? Hint = null)
{
    public bool IsError => Severity == Severity.Error;

    /// <summary>The one-line text form: <c>FILE:LINE: error|warning: KEY: message (hint)</c>.</summary>
    public string ToText()
    {
        var where = ControlText.Escape(Location.ToString());
        var sev = Severity switch
        {
            Severity.Error => "error",
            Severity.Note => "note",
            _ => "warning",
        };
        var key = Key.Length > 0 ? ControlText.Escape(Key) + ": " : string.Empty;
        var hint = string.IsNullOrEmpty(Hint) ? string.Empty : $" ({ControlText.Escape(Hint)})";
        return $"{where}: {sev}: {key}{ControlText.Escape(Message)}{hint}";
    }
}
