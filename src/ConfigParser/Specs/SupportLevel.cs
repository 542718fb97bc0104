namespace FlumeNet.ConfigParser.Specs;

public enum SupportLevel
{
    /// <summary>This agent runs it.</summary>
    Runnable,
    /// <summary>Recognised and checked, but not yet implemented: the agent would drop it.</summary>
    NotYetSupported,
    /// <summary>Recognised; cannot be supported without a JVM or a service this agent does not speak (e.g. HBase, Hive, morphline).</summary>
    NotPlanned,
}
