using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gateway.Operations;
using Gateway.Settings;

namespace Gateway.Payments;

/// <summary>The use cases behind the API: create (with idempotency and terminal exclusivity), read, wait, cancel.</summary>
public sealed class PaymentService(
    IPaymentStore journal,
    PaymentProcessor processor,
    Waiters<Payment> waiters,
    ISettingsStore settings,
    TimeProvider time,
    ILogger<PaymentService>? logger = null)
{
    /// <summary>The request is valid (<see cref="PaymentRequestValidator"/>); settings, mapping and WebMoney decide the rest.</summary>
    public async Task<CreateResult> CreateAsync(ValidPaymentRequest request, string? idempotencyKey, CancellationToken ct)
    {
        var hash = HashOf(request);
        // A replay answers its payment before any other check (SPEC §4): settings broken or a code unmapped since the
        // original must not turn "your payment" into a 503 or 422. The insert below checks again, atomically.
        if (idempotencyKey is not null && await journal.FindIdempotencyAsync(idempotencyKey, time.GetUtcNow(), ct) is { } original)
        {
            return original.RequestHash == hash
                ? new CreateResult.Replayed(original.PaymentId, await WaitForQrAsync(original.PaymentId, ct))
                : new CreateResult.KeyReused(original.PaymentId);
        }
        // The terminal's own identity (terminals/<id>/, SPEC §15) or the store's; a broken till refuses only its own payments.
        var snapshot = settings.Current.ForTerminal(request.TerminalId);
        if (!snapshot.IsUsable || snapshot.Settings is null || snapshot.Connection is null)
        {
            return new CreateResult.NotConfigured(snapshot.Problem);
        }
        PaymentSystem system;
        int? code;
        switch (request.Type)
        {
            case PaymentTypeChoice.ByCode byCode:
                if (snapshot.PaymentTypes.SystemOf(byCode.Code) is not { } mapped)
                {
                    return new CreateResult.TypeNotConfigured(byCode.Code);
                }
                (system, code) = (mapped, byCode.Code);
                break;
            case PaymentTypeChoice.BySystem bySystem:
                if (snapshot.PaymentTypes.CodeOf(bySystem.System) is not { } known)
                {
                    return new CreateResult.SystemNotConfigured(bySystem.System);
                }
                (system, code) = (bySystem.System, known);
                break;
            default:
                throw new InvalidOperationException("unreachable");
        }

        var now = time.GetUtcNow();
        var payment = new Payment
        {
            Id = Guid.NewGuid().ToString("N"),
            Status = PaymentStatus.Pending,
            TerminalId = request.TerminalId,
            ReceiptId = request.ReceiptId,
            Description = request.Description,
            Amount = request.Amount,
            PaymentSystem = system,
            PaymentTypeCode = code,
            CreatedAt = now,
            Deadline = now.AddSeconds(snapshot.Settings.TimeoutSeconds),
            Sandbox = snapshot.Sandbox,
            PosNumber = snapshot.Settings.PosNumber,
            Version = 1,
        };
        using var scope = logger is null ? null : Observability.PaymentLogScope.Begin(logger, payment.Id, request.TerminalId);
        var entry = new JournalEntry(payment, new LifecycleState { MaxStatusErrors = snapshot.Settings.MaxStatusErrors });
        var result = await processor.CreateAsync(entry, snapshot.Connection, idempotencyKey, hash, ct);
        // A key that raced in between the look-up above and the insert: answered like the early replay.
        return result is CreateResult.Replayed replay
            ? replay with { Payment = await WaitForQrAsync(replay.PaymentId, ct) }
            : result;
    }

    public async Task<Payment?> GetAsync(string id, CancellationToken ct) => (await journal.GetAsync(id, ct))?.Payment;

    /// <summary>Answers as soon as the payment is final or <paramref name="wait"/> has passed.</summary>
    public async Task<Payment?> WaitAsync(string id, TimeSpan wait, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        return await WaitUntilAsync(id, p => p.IsFinal, () => wait - time.GetElapsedTime(started), ct);
    }

    public async Task<Payment?> CancelAsync(string id, CancellationToken ct)
    {
        var known = logger is null ? null : await GetAsync(id, ct);
        using var scope = known is null ? null : Observability.PaymentLogScope.Begin(logger!, id, known.TerminalId, known.TransactionId);
        return await processor.CancelAsync(id, ct);
    }

    public Task<JournalPage> ListAsync(JournalQuery query, CancellationToken ct) => journal.ListAsync(query, ct);

    /// <summary>A replay of a create still in flight answers once the QR (or the ending) is known, like the original.</summary>
    private async Task<Payment?> WaitForQrAsync(string id, CancellationToken ct)
    {
        var deadline = (await GetAsync(id, ct))?.Deadline ?? time.GetUtcNow();
        return await WaitUntilAsync(id, p => p.IsFinal || p.QrPayload is not null, () => deadline - time.GetUtcNow(), ct);
    }

    private Task<Payment?> WaitUntilAsync(string id, Func<Payment, bool> done, Func<TimeSpan> left, CancellationToken ct) =>
        waiters.WaitUntilAsync(id, async c => await GetAsync(id, c), done, left, time, ct);

    /// <summary>
    /// The body as it matters for idempotency: same key + same hash = the same request. The canonical form is the
    /// one journalled hashes were made with (a key must still replay after an upgrade), so do not reorder it.
    /// </summary>
    private static string HashOf(ValidPaymentRequest r)
    {
        var (code, system) = r.Type switch
        {
            PaymentTypeChoice.ByCode c => (c.Code.ToString(CultureInfo.InvariantCulture), ""),
            PaymentTypeChoice.BySystem s => ("", s.System.ToString()),
            _ => throw new InvalidOperationException("unreachable"),
        };
        var canonical = string.Join('\u001f',
            r.Amount.ToString("0.00", CultureInfo.InvariantCulture), code, system, r.ReceiptId ?? "", r.TerminalId, r.Description ?? "");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
