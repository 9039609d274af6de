using WebMoneyEmulator.Refunds;
using WebMoneyEmulator.Transactions;

namespace WebMoneyEmulator;

public sealed partial class EmulatorHost
{
    /// <summary>When true, refunds stay Pending until <see cref="CompleteRefund"/> / <see cref="RejectRefund"/>; default false (they complete at once).</summary>
    public bool RefundsPending
    {
        get => _state.Refunds.Pending;
        set => _state.Refunds.Pending = value;
    }

    /// <summary>Every refund, oldest first.</summary>
    public IReadOnlyList<EmulatorRefund> GetRefunds() => _state.Refunds.All();

    /// <summary>The payment system completes a pending refund.</summary>
    public ControlResult CompleteRefund(string refundTransactionId, out EmulatorRefund? refund) => _state.Refunds.Complete(refundTransactionId, out refund);

    /// <summary>The payment system rejects a pending refund (its amount becomes refundable again).</summary>
    public ControlResult RejectRefund(string refundTransactionId, out EmulatorRefund? refund) => _state.Refunds.Reject(refundTransactionId, out refund);
}
