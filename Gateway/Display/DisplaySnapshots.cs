using CustomerDisplay;
using Gateway.Payments;

namespace Gateway.Display;

/// <summary>Maps a committed payment to what its terminal's display shows.</summary>
public static class DisplaySnapshots
{
    /// <param name="payment">The committed payment.</param>
    /// <param name="resultTime">How long a final phase stays on screen.</param>
    /// <param name="withQrSvg">False leaves the SVG out (no page is watching); the payload stays, so it can be rendered later.</param>
    public static DisplaySnapshot From(Payment payment, TimeSpan resultTime, bool withQrSvg = true)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var phase = PhaseOf(payment);
        var showsQr = phase == DisplayPhase.Awaiting;
        DateTimeOffset? idleAt = phase is DisplayPhase.Paid or DisplayPhase.Failed
            ? (payment.CompletedAt ?? payment.Deadline) + resultTime
            : null;
        return new DisplaySnapshot
        {
            Phase = phase,
            TerminalId = payment.TerminalId,
            PaymentId = payment.Id,
            Amount = payment.Amount,
            Currency = payment.Currency,
            PaymentSystem = payment.PaymentSystem.ApiName(),
            QrSvg = showsQr && withQrSvg ? QrImages.Svg(payment.QrPayload!) : null,
            QrPayload = showsQr ? payment.QrPayload : null,
            Deadline = payment.Deadline,
            CompletedAt = payment.CompletedAt,
            IdleAt = idleAt,
            Message = phase == DisplayPhase.Failed ? CashierMessages.ForCustomer(payment) : null,
            ErrorCode = payment.Error?.Code,
            Sandbox = payment.Sandbox,
            PaymentVersion = payment.Version,
        };
    }

    // A pending payment without its QR yet (the create call is in flight) has nothing to show the customer.
    private static DisplayPhase PhaseOf(Payment payment) => payment.Status switch
    {
        PaymentStatus.Pending => payment.QrPayload is null ? DisplayPhase.Idle : DisplayPhase.Awaiting,
        PaymentStatus.Paid => DisplayPhase.Paid,
        _ => DisplayPhase.Failed,
    };
}
