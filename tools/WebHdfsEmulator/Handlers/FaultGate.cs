using FlumeNet.Tools.WebHdfsEmulator.Diagnostics;
using FlumeNet.Tools.WebHdfsEmulator.Faults;
using FlumeNet.Tools.WebHdfsEmulator.Namespace;
using FlumeNet.Tools.WebHdfsEmulator.Protocol;

namespace FlumeNet.Tools.WebHdfsEmulator.Handlers;

/// <summary>Applies the armed fault rule, if any, to a request before it is served.</summary>
internal sealed class FaultGate(FaultInjector rules, RequestStats stats, LeaseManager leases)
{
    /// <summary>
    /// Throws the injected error for error kinds, waits for slow ones, and returns the rule when the caller must cut
    /// the connection itself (reset, partial); null means: serve normally.
    /// </summary>
    public async Task<FaultRule?> EnterAsync(WebHdfsRequest request, CancellationToken cancellationToken)
    {
        var rule = rules.TryTake(request.OpName, request.Path.Value, request.Role);
        if (rule is null)
        {
            return null;
        }
        stats.CountFault();
        if (rule.DelayMs > 0)
        {
            await Task.Delay(rule.DelayMs, cancellationToken).ConfigureAwait(false);
        }
        var requester = leases.NewHolderName();
        switch (rule.Kind)
        {
            case FaultKind.Lease:
                throw new HdfsError(JavaExceptionType.AlreadyBeingCreated,
                    LeaseMessages.Conflict(request.OpName, request.Path, requester, leases.NewHolderName()));
            case FaultKind.Recovery:
                throw new HdfsError(JavaExceptionType.RecoveryInProgress,
                    LeaseMessages.RecoveryInProgress(request.OpName, request.Path, requester));
            case FaultKind.Status:
                throw new HdfsError(ExceptionFor(rule),
                    rule.Message ?? $"Injected fault: HTTP {rule.Status} for {request.OpName} {request.Path}", rule.Status);
            case FaultKind.Standby:
                throw StandbyErrors.For(request.Op);
            case FaultKind.Slow:
                return null;
            default:
                return rule;
        }
    }

    private static JavaExceptionType ExceptionFor(FaultRule rule)
    {
        if (rule.Exception is not { } name)
        {
            return JavaExceptionType.ForStatus(rule.Status);
        }
        var simpleName = name[(name.LastIndexOf('.') + 1)..];
        return JavaExceptionType.Find(name) ?? JavaExceptionType.ForStatus(rule.Status) with { SimpleName = simpleName, ClassName = name };
    }
}
