namespace Gateway.Storage;

/// <summary>
/// A filter and page of <see cref="IPaymentStore.ListAsync"/>: each set member narrows the list (status, terminal,
/// created in [From, To), payment system; <see cref="Attention"/>: latePaid, or ended and still unresolved), at most
/// <see cref="Limit"/> payments newest first, continuing after the (CreatedAt, Id) of <see cref="After"/>.
/// </summary>
public sealed record JournalQuery(
    PaymentStatus? Status, string? TerminalId, DateTimeOffset? From, DateTimeOffset? To, bool Attention, int Limit,
    (DateTimeOffset CreatedAt, string Id)? After, PaymentSystem? PaymentSystem = null);

/// <summary>One page of the journal, newest first; <see cref="Last"/> is set when more follow.</summary>
public sealed record JournalPage(IReadOnlyList<Payment> Items, Payment? Last);
