using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gateway.Journal;

/// <summary>Maps journal rows to entries and back; the only place that knows the column names.</summary>
internal static class JournalRows
{
    public const string Columns = """
        id, status, terminal_id, receipt_id, description, amount, currency, payment_system, payment_type_code,
        transaction_id, qr_payload, created_at, deadline, completed_at, error_code, error_message, sandbox,
        late_paid, version, technical_errors, max_status_errors, unresolved, cancel_confirmed,
        next_recheck_at, rechecks, cancel_requested, create_may_have_arrived, pos_number
        """;

    public const string Parameters = """
        $id, $status, $terminal_id, $receipt_id, $description, $amount, $currency, $payment_system, $payment_type_code,
        $transaction_id, $qr_payload, $created_at, $deadline, $completed_at, $error_code, $error_message, $sandbox,
        $late_paid, $version, $technical_errors, $max_status_errors, $unresolved, $cancel_confirmed,
        $next_recheck_at, $rechecks, $cancel_requested, $create_may_have_arrived, $pos_number
        """;

    public const string Assignments = """
        status = $status, transaction_id = $transaction_id, qr_payload = $qr_payload, completed_at = $completed_at,
        error_code = $error_code, error_message = $error_message, late_paid = $late_paid, version = $version,
        technical_errors = $technical_errors, unresolved = $unresolved,
        cancel_confirmed = $cancel_confirmed, next_recheck_at = $next_recheck_at, rechecks = $rechecks,
        cancel_requested = $cancel_requested, create_may_have_arrived = $create_may_have_arrived
        """;

    public static void Bind(SqliteCommand command, JournalEntry entry)
    {
        var (p, s) = (entry.Payment, entry.State);
        var values = command.Parameters;
        values.AddWithValue("$id", p.Id);
        values.AddWithValue("$status", p.Status.ToString());
        values.AddWithValue("$terminal_id", p.TerminalId);
        values.AddWithValue("$receipt_id", (object?)p.ReceiptId ?? DBNull.Value);
        values.AddWithValue("$description", (object?)p.Description ?? DBNull.Value);
        values.AddWithValue("$amount", p.Amount.ToString(CultureInfo.InvariantCulture));
        values.AddWithValue("$currency", p.Currency);
        values.AddWithValue("$payment_system", p.PaymentSystem.ToString());
        values.AddWithValue("$payment_type_code", (object?)p.PaymentTypeCode ?? DBNull.Value);
        values.AddWithValue("$transaction_id", (object?)p.TransactionId ?? DBNull.Value);
        values.AddWithValue("$qr_payload", (object?)p.QrPayload ?? DBNull.Value);
        values.AddWithValue("$created_at", p.CreatedAt.ToUnixTimeMilliseconds());
        values.AddWithValue("$deadline", p.Deadline.ToUnixTimeMilliseconds());
        values.AddWithValue("$completed_at", (object?)p.CompletedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        values.AddWithValue("$error_code", (object?)p.Error?.Code ?? DBNull.Value);
        values.AddWithValue("$error_message", (object?)p.Error?.Message ?? DBNull.Value);
        values.AddWithValue("$sandbox", p.Sandbox ? 1 : 0);
        values.AddWithValue("$late_paid", p.LatePaid ? 1 : 0);
        values.AddWithValue("$version", p.Version);
        values.AddWithValue("$technical_errors", s.TechnicalErrors);
        values.AddWithValue("$max_status_errors", s.MaxStatusErrors);
        values.AddWithValue("$unresolved", p.Unresolved ? 1 : 0);
        values.AddWithValue("$cancel_confirmed", s.CancelConfirmed ? 1 : 0);
        values.AddWithValue("$next_recheck_at", (object?)s.NextRecheckAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        values.AddWithValue("$rechecks", s.Rechecks);
        values.AddWithValue("$cancel_requested", (object?)s.CancelRequested?.ToString() ?? DBNull.Value);
        values.AddWithValue("$create_may_have_arrived", s.CreateMayHaveArrived ? 1 : 0);
        values.AddWithValue("$pos_number", (object?)p.PosNumber ?? DBNull.Value);
    }

    public static JournalEntry Read(SqliteDataReader r)
    {
        var payment = new Payment
        {
            Id = r.GetString(0),
            Status = Enum.Parse<PaymentStatus>(r.GetString(1)),
            TerminalId = r.GetString(2),
            ReceiptId = r.IsDBNull(3) ? null : r.GetString(3),
            Description = r.IsDBNull(4) ? null : r.GetString(4),
            Amount = decimal.Parse(r.GetString(5), CultureInfo.InvariantCulture),
            Currency = r.GetString(6),
            PaymentSystem = Enum.Parse<PaymentSystem>(r.GetString(7)),
            PaymentTypeCode = r.IsDBNull(8) ? null : r.GetInt32(8),
            TransactionId = r.IsDBNull(9) ? null : r.GetString(9),
            QrPayload = r.IsDBNull(10) ? null : r.GetString(10),
            CreatedAt = Time(r.GetInt64(11)),
            Deadline = Time(r.GetInt64(12)),
            CompletedAt = r.IsDBNull(13) ? null : Time(r.GetInt64(13)),
            Error = r.IsDBNull(14) ? null : new PaymentError(r.GetString(14), r.IsDBNull(15) ? "" : r.GetString(15)),
            Sandbox = r.GetInt64(16) != 0,
            LatePaid = r.GetInt64(17) != 0,
            Version = r.GetInt64(18),
            Unresolved = r.GetInt64(21) != 0,
            PosNumber = r.IsDBNull(27) ? null : r.GetString(27),
        };
        var state = new LifecycleState
        {
            TechnicalErrors = r.GetInt32(19),
            MaxStatusErrors = r.GetInt32(20),
            CancelConfirmed = r.GetInt64(22) != 0,
            NextRecheckAt = r.IsDBNull(23) ? null : Time(r.GetInt64(23)),
            Rechecks = r.GetInt32(24),
            CancelRequested = r.IsDBNull(25) ? null : Enum.Parse<EndReason>(r.GetString(25)),
            CreateMayHaveArrived = r.GetInt64(26) != 0,
        };
        return new JournalEntry(payment, state);
    }

    private static DateTimeOffset Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
}
