namespace FlumeNet.ConfigParser.Diagnostics;

public enum Severity
{
    Warning,
    Error,

    /// <summary>Information the user should know (where data goes), neither a problem nor counted as a warning.</summary>
    Note,
}
