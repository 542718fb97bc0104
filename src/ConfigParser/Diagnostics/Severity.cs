namespace FlumeNet.ConfigParser.Diagnostics;

public enum Severity
{
    Warning,
    Error,
}
