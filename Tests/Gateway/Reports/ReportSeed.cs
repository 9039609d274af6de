using System.Globalization;
using Gateway.Journal;
using Gateway.Payments;
using Gateway.Storage;
using Microsoft.Data.Sqlite;

namespace Tests.Gateway.Reports;

/// <summary>
/// Puts ended payments into a real journal through its own API (insert pending, then commit the ending), and refund
/// rows straight into the refunds table (the refunds feature, #14, owns writing them).
/// </summary>
internal static class ReportSeed
{
    public static async Task<Payment> EndedAsync(PaymentJournal journal, string terminal, PaymentSystem system, decimal amount,
        DateTimeOffset completedAt, PaymentStatus status = PaymentStatus.Paid, bool latePaid = false, bool unresolved = false)
    {
        var id = Guid.NewGuid().ToString("N");
        var pending = new JournalEntry(new Payment
        {
            Id = id, Status = PaymentStatus.Pending, TerminalId = terminal, Amount = amount, PaymentSystem = system,
            CreatedAt = completedAt.AddSeconds(-40), Deadline = completedAt.AddMinutes(3), TransactionId = "T-" + id,
            QrPayload = "https://qr.nspk.ru/AS" + id,
        }, new LifecycleState { MaxStatusErrors = 3 });
        var begun = await journal.TryBeginCreateAsync(pending, null, "seed", CancellationToken.None);
        Assert.IsType<CreateResult.Created>(begun);
        var ended = pending with
        {
            Payment = pending.Payment with
            {
                Status = status, CompletedAt = completedAt, LatePaid = latePaid, Unresolved = unresolved, Version = 1,
                Error = status == PaymentStatus.Paid ? null : new PaymentError(PaymentErrorCodes.TechnicalErrors, "нет связи"),
            },
        };
        Assert.True(await journal.TryUpdateAsync(ended, 0, CancellationToken.None));
        return ended.Payment;
    }

    public static void Refund(PaymentJournal journal, string paymentId, decimal amount, string status, DateTimeOffset createdAt,
        DateTimeOffset? completedAt)
    {
        using var connection = new SqliteConnection($"Data Source={journal.DatabasePath}");
        connection.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO refunds (id, payment_id, amount, currency, status, reason, refund_transaction_id, created_at, completed_at,
                                 error_code, error_message, unresolved, transaction_id, version, max_status_errors)
            VALUES ($id, $payment, $amount, 'RUB', $status, 'возврат товара', $rt, $created, $completed, NULL, NULL, 0,
                    'T-' || $payment, 1, 3)
            """;
        insert.Parameters.AddWithValue("$id", Guid.NewGuid().ToString("N"));
        insert.Parameters.AddWithValue("$payment", paymentId);
        insert.Parameters.AddWithValue("$amount", amount.ToString(CultureInfo.InvariantCulture));
        insert.Parameters.AddWithValue("$status", status);
        insert.Parameters.AddWithValue("$rt", "R-" + paymentId);
        insert.Parameters.AddWithValue("$created", createdAt.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$completed", (object?)completedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        insert.ExecuteNonQuery();
    }
}
