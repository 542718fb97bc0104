namespace FlumeNet.Tools.WebHdfsEmulator.Faults;

/// <summary>A rule that has not been used up yet, with the number of requests it will still act on.</summary>
public sealed record PendingFault(FaultRule Rule, int Remaining);
