namespace Gateway.Storage;

/// <summary>
/// Each payment's append-only event list (GET /payments/{id}/events). Informational: the money's truth stays in
/// <see cref="IPaymentStore"/>. The writer (<c>Gateway.History.PaymentHistory</c>) queues events off the payment's
/// path and hands them over in batches, with their payment ids resolved; the store applies the collapse rule of
/// <see cref="HistoryTail"/> (consecutive identical WebMoney calls are one row, once-only kinds are kept once).
/// </summary>
public interface IHistoryStore
{
    /// <summary>Appends the events (each with its <see cref="PaymentEvent.PaymentId"/> set), in order, in one transaction.</summary>
    Task AppendAsync(IReadOnlyList<PaymentEvent> events, CancellationToken ct);

    /// <summary>The payment's events as stored, oldest first.</summary>
    Task<IReadOnlyList<PaymentEventResponse>> ReadAsync(string paymentId, CancellationToken ct);
}
