namespace FlumeNet.Agent.Migration;

/// <summary>A comment to put above a line of the output config, the line itself unchanged (something to fix by hand).</summary>
public sealed record LineMark(int Line, string Text);

/// <summary>A key to rename (and optionally a value to replace) on a line: a misspelt key or a LogHub key of the other class.</summary>
public sealed record KeyFix(int Line, string FullKey, string NewKey, string? NewValue, string Why);

/// <summary>A secret value replaced by an environment lookup in the output config.</summary>
public sealed record SecretMove(int Line, string FullKey, string Variable, bool InComment);

/// <summary>What the analysis of one agent asks of the output config.</summary>
public sealed record AgentAnalysis(ConfigParser.Model.AgentConfig Agent, AgentReport Report, IReadOnlyList<LineMark> Marks, IReadOnlyList<KeyFix> Fixes);
