using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gateway.Operations;
using Gateway.Settings;

namespace Gateway.Refunds;

/// <summary>The use cases behind the refunds API: create (reserve, then send), read, wait, list.</summary>
public sealed class RefundService(IRefundStore journal, RefundProcessor processor, Waiters<Refund> waiters, ISettingsStore settings, TimeProvider time)
{
    /// <summary>The request is valid (<see cref="RefundRequestValidator"/>); the payment, what is left of it and WebMoney decide the rest.</summary>
    public async Task<RefundResult> CreateAsync(string paymentId, ValidRefundRequest request, string? idempotencyKey, CancellationToken ct)
    {
        // The identity the payment went out under (SPEC §15): a refund never goes out under another till's PosNumber.
        var snapshot = await journal.IdentityOfAsync(paymentId, ct) is { } identity
            ? settings.Current.ForPosNumber(identity.PosNumber, identity.TerminalId)
            : settings.Current;
        var configured = snapshot is { IsUsable: true, Settings: not null, Connection: not null };
        var draft = new RefundDraft(Guid.NewGuid().ToString("N"), paymentId, request.Amount, request.Reason, idempotencyKey,
            HashOf(paymentId, request), time.GetUtcNow(), snapshot.Settings?.MaxStatusErrors ?? 3, configured);
        var reserved = await journal.TryReserveAsync(draft, ct);
        switch (reserved)
        {
            case ReserveResult.Inserted inserted:
                return new RefundResult.Created(await processor.SendAsync(inserted.Refund, CancellationToken.None));
            case ReserveResult.Replay replay:
                // A replay of a refund still being sent answers once the original has its first answer, like the original.
                var wait = TimeSpan.FromSeconds((snapshot.Settings?.TimeoutSeconds ?? 120) + 10);
                return new RefundResult.Replayed(await WaitUntilAsync(replay.RefundId, r => !r.AwaitsSendAnswer || r.Unresolved, wait, ct));
            case ReserveResult.NotConfigured:
                return new RefundResult.NotConfigured(snapshot.Problem);
            default:
                return new RefundResult.Refused(reserved);
        }
    }

    public Task<Refund?> GetAsync(string id, CancellationToken ct) => journal.GetAsync(id, ct);

    /// <summary>Answers as soon as the refund is final or <paramref name="wait"/> has passed.</summary>
    public Task<Refund?> WaitAsync(string id, TimeSpan wait, CancellationToken ct) => WaitUntilAsync(id, r => r.IsFinal, wait, ct);

    private Task<Refund?> WaitUntilAsync(string id, Func<Refund, bool> done, TimeSpan wait, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        return waiters.WaitUntilAsync(id, async _ => await journal.GetAsync(id, CancellationToken.None), done, () => wait - time.GetElapsedTime(started), time, ct);
    }

    public Task<IReadOnlyList<Refund>> ListForPaymentAsync(string paymentId, CancellationToken ct) => journal.ListForPaymentAsync(paymentId, ct);

    public Task<IReadOnlyList<Refund>> ListAsync(bool attention, int limit, CancellationToken ct) => journal.ListAsync(attention, limit, ct);

    public Task<IReadOnlyDictionary<string, RefundTotals>> TotalsForAsync(IReadOnlyCollection<string> paymentIds, CancellationToken ct) =>
        journal.TotalsForAsync(paymentIds, ct);

    /// <summary>The body as it matters for idempotency: same key + same hash = the same request.</summary>
    private static string HashOf(string paymentId, ValidRefundRequest r)
    {
        var canonical = string.Join('\u001f', paymentId, r.Amount?.ToString("0.00", CultureInfo.InvariantCulture) ?? "", r.Reason ?? "");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

/// <summary>What a refund request came to; <see cref="RefundsApi"/> turns each case into its HTTP answer.</summary>
public abstract record RefundResult
{
    private RefundResult() { }

    public sealed record Created(Refund Refund) : RefundResult;
    public sealed record Replayed(Refund? Refund) : RefundResult;
    public sealed record NotConfigured(string? Reason) : RefundResult;
    /// <summary>Nothing written: payment missing or not paid, too much asked, or the key reused.</summary>
    public sealed record Refused(ReserveResult Why) : RefundResult;
}
