namespace FlumeNet.Agent.Sources;

/// <summary>The netcat source's validated options (reference §6.1).</summary>
public sealed record NetcatSourceOptions(string Bind, int Port, int MaxLineLength = 512, bool AckEveryEvent = true, int BatchSize = 100);
