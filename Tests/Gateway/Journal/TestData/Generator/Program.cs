// Writes a journal (payments.db, and history.db from schema 2 on) through the journal code of the commit it is built
// in: Tests/Gateway/Journal/TestData/README.md says how. Not part of the solution; V2 is defined for schema 2 and 4
// commits, V4 for schema 4 ones (PosNumber, and amounts written with one, two or no decimals).
using Gateway.Journal;
using Gateway.Payments;
#if V2
using Gateway.History;
using Gateway.Refunds;
using Microsoft.Extensions.Logging.Abstractions;
#endif

var directory = Path.GetFullPath(args[0]);
Directory.CreateDirectory(directory);
var path = Path.Combine(directory, "payments.db");
var t0 = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
var statuses = new[] { PaymentStatus.Pending, PaymentStatus.Paid, PaymentStatus.Declined, PaymentStatus.TimedOut, PaymentStatus.Cancelled, PaymentStatus.Failed };
var errors = new Dictionary<PaymentStatus, PaymentError>
{
    [PaymentStatus.Declined] = new(PaymentErrorCodes.Declined, "Оплата отклонена"),
    [PaymentStatus.TimedOut] = new(PaymentErrorCodes.Timeout, "Время ожидания оплаты истекло"),
    [PaymentStatus.Cancelled] = new(PaymentErrorCodes.CancelledByCashier, "Оплата отменена кассиром"),
    [PaymentStatus.Failed] = new(PaymentErrorCodes.TechnicalErrors, "Технические ошибки при проверке оплаты"),
};
var systems = Enum.GetValues<PaymentSystem>();
using var journal = new PaymentJournal(path);
var rows = new List<(PaymentStatus Status, bool Late, bool Unresolved)>();
rows.AddRange(statuses.Select(s => (s, false, false)));
rows.Add((PaymentStatus.TimedOut, true, false));   // WebMoney said paid after it had ended: latePaid
rows.Add((PaymentStatus.Failed, false, true));     // ended without a definite answer: unresolved, rechecked
#if V4
rows.Add((PaymentStatus.Paid, false, false));      // pay-09: 1234.5 (one decimal in the text)
rows.Add((PaymentStatus.Paid, false, false));      // pay-10: 0.07
rows.Add((PaymentStatus.Paid, false, false));      // pay-11: 1000000 (no decimals)
var amounts = new[] { 1234.5m, 0.07m, 1_000_000m };
#endif
for (var i = 0; i < rows.Count; i++)
{
    var (status, late, unresolved) = rows[i];
    var created = t0.AddMinutes(i);
    var payment = new Payment
    {
        Id = $"pay-{i + 1:00}-{status.ToString().ToLowerInvariant()}",
        Status = PaymentStatus.Pending,
        TerminalId = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ReceiptId = $"R{i + 1:0000}",
        Description = $"Чек {i + 1}",
#if V4
        Amount = i < 8 ? 100.50m * (i + 1) : amounts[i - 8],
        PosNumber = i % 2 == 1 && i > 1 ? "N100" : null,   // pay-04, -06, -08, -10
#else
        Amount = 100.50m * (i + 1),
#endif
        PaymentSystem = systems[i % systems.Length],
        PaymentTypeCode = 5 + (i % 4),
        CreatedAt = created,
        Deadline = created.AddMinutes(3),
        Version = 1,
    };
    var state = new LifecycleState { MaxStatusErrors = 3 };
    await journal.TryBeginCreateAsync(new JournalEntry(payment, state), $"key-{i + 1}", $"hash-{i + 1}", CancellationToken.None);
    var withQr = payment with { TransactionId = $"tx-{i + 1:00}", QrPayload = $"https://qr.nspk.ru/AD10{i + 1:000}?type=02&sum={10050 * (i + 1)}", Version = 2 };
    Check(await journal.TryUpdateAsync(new JournalEntry(withQr, state), 1, CancellationToken.None));
    if (status == PaymentStatus.Pending)
    {
        continue;
    }
    var final = withQr with
    {
        Status = status,
        CompletedAt = created.AddSeconds(30 + i),
        Error = errors.GetValueOrDefault(status),
        LatePaid = late,
        Unresolved = unresolved,
        Version = 3,
    };
    var finalState = state with
    {
        TechnicalErrors = status == PaymentStatus.Failed ? 3 : 0,
        CancelConfirmed = status == PaymentStatus.Cancelled,
        NextRecheckAt = unresolved ? created.AddMinutes(10) : null,
        Rechecks = unresolved ? 1 : 0,
    };
    Check(await journal.TryUpdateAsync(new JournalEntry(final, finalState), 2, CancellationToken.None));
}
Console.WriteLine($"{rows.Count} payments in {path}");

#if V2
// Refunds of the paid payment (pay-02, 201.00): succeeded, failed, pending (sent, unanswered) and unresolved.
var refunds = new RefundJournal(path);
var refundRows = new (string Id, decimal Amount, RefundStatus Status, bool Unresolved)[]
{
    ("ref-1-succeeded", 50m, RefundStatus.Succeeded, false),
    ("ref-2-failed", 20m, RefundStatus.Failed, false),
    ("ref-3-pending", 10m, RefundStatus.Pending, false),
    ("ref-4-unresolved", 5m, RefundStatus.Pending, true),
#if V4
    ("ref-5-succeeded", 0.5m, RefundStatus.Succeeded, false),
#endif
};
for (var i = 0; i < refundRows.Length; i++)
{
    var (id, amount, status, unresolved) = refundRows[i];
    var at = t0.AddHours(1).AddMinutes(i);
    var of = id == "ref-5-succeeded" ? "pay-09-paid" : "pay-02-paid";   // schema 4: 0.50 of the 1234.50 one
    var reserved = await refunds.TryReserveAsync(new RefundDraft(id, of, amount, "Возврат " + (i + 1), "rkey-" + (i + 1),
        "rhash-" + (i + 1), at, 3, true), CancellationToken.None);
    var refund = ((ReserveResult.Inserted)reserved).Refund;
    if (status == RefundStatus.Pending && !unresolved)
    {
        continue;
    }
    var next = refund with
    {
        Status = status,
        RefundTransactionId = status == RefundStatus.Failed ? null : "rtx-" + (i + 1),
        CompletedAt = status == RefundStatus.Pending ? null : at.AddSeconds(5),
        Error = status == RefundStatus.Failed ? new PaymentError(PaymentErrorCodes.WebMoneyRejected, "WebMoney отказал в возврате") : null,
        Unresolved = unresolved,
        TechnicalErrors = unresolved ? 3 : 0,
        Checks = unresolved ? 1 : 0,
        NextCheckAt = unresolved ? at.AddMinutes(10) : null,
        Version = refund.Version + 1,
    };
    Check(await refunds.TryUpdateAsync(next, refund.Version, CancellationToken.None));
}
Console.WriteLine($"{refundRows.Length} refunds");

// History: each payment's created, QR and final events (history.db beside the journal).
var history = new PaymentHistory(directory, path, NullLogger<PaymentHistory>.Instance);
await history.StartAsync(CancellationToken.None);
for (var i = 0; i < rows.Count; i++)
{
    var id = $"pay-{i + 1:00}-{rows[i].Status.ToString().ToLowerInvariant()}";
    var at = t0.AddMinutes(i);
    history.Record(new PaymentEvent(id, $"tx-{i + 1:00}", at, PaymentEventKinds.Created, "Платёж создан"));
    history.Record(new PaymentEvent(id, $"tx-{i + 1:00}", at.AddSeconds(1), PaymentEventKinds.QrIssued, "QR-код получен"));
    if (rows[i].Status != PaymentStatus.Pending)
    {
        history.Record(new PaymentEvent(id, $"tx-{i + 1:00}", at.AddSeconds(30), PaymentEventKinds.Final, "Платёж завершён"));
    }
}
Console.WriteLine($"{(await history.ReadAsync("pay-02-paid", CancellationToken.None)).Count} events of pay-02-paid in history.db");
await history.StopAsync(CancellationToken.None);
history.Dispose();
#endif

static void Check(bool written)
{
    if (!written)
    {
        throw new InvalidOperationException("an update was not written");
    }
}
