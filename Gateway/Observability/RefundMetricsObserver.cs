using Gateway.Operations;
using Gateway.Refunds;

namespace Gateway.Observability;

/// <summary>Counts refunds that ended (succeeded, failed) or became unresolved, from the committed changes (SPEC §13).</summary>
public sealed class RefundMetricsObserver : IOperationObserver<Refund>
{
    public ValueTask OnChangedAsync(Refund? before, Refund after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(after);
        if (after.IsFinal)
        {
            GatewayMetrics.RecordRefund(after.Status == RefundStatus.Succeeded ? "succeeded" : "failed");
        }
        else if (after.Unresolved && before is { Unresolved: false })
        {
            GatewayMetrics.RecordRefund("unresolved");
        }
        return ValueTask.CompletedTask;
    }
}
