using Npgsql;
using NpgsqlTypes;

namespace Gateway.Storage.PostgreSql;

/// <summary>
/// Maps the PostgreSQL journal's rows to the port's records and back; the only place that knows the column names.
/// Amounts are whole kopecks (<c>bigint</c>); times are <c>timestamptz</c> at the millisecond, as the SQLite journal
/// keeps them, so both providers read back the same instants.
/// </summary>
internal static class PostgreSqlRows
{
    public const string PaymentColumns = """
        id, status, terminal_id, receipt_id, description, amount, currency, payment_system, payment_type_code,
        transaction_id, qr_payload, created_at, deadline, completed_at, error_code, error_message, sandbox,
        late_paid, version, technical_errors, max_status_errors, unresolved, cancel_confirmed,
        next_recheck_at, rechecks, cancel_requested, create_may_have_arrived, pos_number
        """;

    public const string PaymentParameters = """
        @id, @status, @terminal_id, @receipt_id, @description, @amount, @currency, @payment_system, @payment_type_code,
        @transaction_id, @qr_payload, @created_at, @deadline, @completed_at, @error_code, @error_message, @sandbox,
        @late_paid, @version, @technical_errors, @max_status_errors, @unresolved, @cancel_confirmed,
        @next_recheck_at, @rechecks, @cancel_requested, @create_may_have_arrived, @pos_number
        """;

    public const string PaymentAssignments = """
        status = @status, transaction_id = @transaction_id, qr_payload = @qr_payload, completed_at = @completed_at,
        error_code = @error_code, error_message = @error_message, late_paid = @late_paid, version = @version,
        technical_errors = @technical_errors, unresolved = @unresolved,
        cancel_confirmed = @cancel_confirmed, next_recheck_at = @next_recheck_at, rechecks = @rechecks,
        cancel_requested = @cancel_requested, create_may_have_arrived = @create_may_have_arrived
        """;

    public const string RefundColumns = """
        id, payment_id, amount, currency, status, reason, refund_transaction_id, created_at, completed_at, error_code,
        error_message, unresolved, transaction_id, version, technical_errors, max_status_errors, checks, next_check_at,
        may_have_arrived
        """;

    public const string RefundParameters = """
        @id, @payment_id, @amount, @currency, @status, @reason, @refund_transaction_id, @created_at, @completed_at, @error_code,
        @error_message, @unresolved, @transaction_id, @version, @technical_errors, @max_status_errors, @checks, @next_check_at,
        @may_have_arrived
        """;

    public static void Bind(NpgsqlCommand command, JournalEntry entry)
    {
        var (p, s) = (entry.Payment, entry.State);
        var values = command.Parameters;
        values.AddWithValue("id", p.Id);
        values.AddWithValue("status", p.Status.ToString());
        values.AddWithValue("terminal_id", p.TerminalId);
        values.Add(Text("receipt_id", p.ReceiptId));
        values.Add(Text("description", p.Description));
        values.AddWithValue("amount", Kopecks(p.Amount));
        values.AddWithValue("currency", p.Currency);
        values.AddWithValue("payment_system", p.PaymentSystem.ToString());
        values.Add(new NpgsqlParameter<int?>("payment_type_code", NpgsqlDbType.Integer) { TypedValue = p.PaymentTypeCode });
        values.Add(Text("transaction_id", p.TransactionId));
        values.Add(Text("qr_payload", p.QrPayload));
        values.Add(Time("created_at", p.CreatedAt));
        values.Add(Time("deadline", p.Deadline));
        values.Add(Time("completed_at", p.CompletedAt));
        values.Add(Text("error_code", p.Error?.Code));
        values.Add(Text("error_message", p.Error?.Message));
        values.AddWithValue("sandbox", p.Sandbox);
        values.AddWithValue("late_paid", p.LatePaid);
        values.AddWithValue("version", p.Version);
        values.AddWithValue("technical_errors", s.TechnicalErrors);
        values.AddWithValue("max_status_errors", s.MaxStatusErrors);
        values.AddWithValue("unresolved", p.Unresolved);
        values.AddWithValue("cancel_confirmed", s.CancelConfirmed);
        values.Add(Time("next_recheck_at", s.NextRecheckAt));
        values.AddWithValue("rechecks", s.Rechecks);
        values.Add(Text("cancel_requested", s.CancelRequested?.ToString()));
        values.AddWithValue("create_may_have_arrived", s.CreateMayHaveArrived);
        values.Add(Text("pos_number", p.PosNumber));
    }

    public static JournalEntry ReadPayment(NpgsqlDataReader r)
    {
        var payment = new Payment
        {
            Id = r.GetString(0),
            Status = Enum.Parse<PaymentStatus>(r.GetString(1)),
            TerminalId = r.GetString(2),
            ReceiptId = OptionalText(r, 3),
            Description = OptionalText(r, 4),
            Amount = FromKopecks(r.GetInt64(5)),
            Currency = r.GetString(6),
            PaymentSystem = Enum.Parse<PaymentSystem>(r.GetString(7)),
            PaymentTypeCode = r.IsDBNull(8) ? null : r.GetInt32(8),
            TransactionId = OptionalText(r, 9),
            QrPayload = OptionalText(r, 10),
            CreatedAt = ReadTime(r, 11),
            Deadline = ReadTime(r, 12),
            CompletedAt = OptionalTime(r, 13),
            Error = r.IsDBNull(14) ? null : new PaymentError(r.GetString(14), OptionalText(r, 15) ?? ""),
            Sandbox = r.GetBoolean(16),
            LatePaid = r.GetBoolean(17),
            Version = r.GetInt64(18),
            Unresolved = r.GetBoolean(21),
            PosNumber = OptionalText(r, 27),
        };
        var state = new LifecycleState
        {
            TechnicalErrors = r.GetInt32(19),
            MaxStatusErrors = r.GetInt32(20),
            CancelConfirmed = r.GetBoolean(22),
            NextRecheckAt = OptionalTime(r, 23),
            Rechecks = r.GetInt32(24),
            CancelRequested = r.IsDBNull(25) ? null : Enum.Parse<EndReason>(r.GetString(25)),
            CreateMayHaveArrived = r.GetBoolean(26),
        };
        return new JournalEntry(payment, state);
    }

    public static string StatusText(RefundStatus status) => status switch
    {
        RefundStatus.Pending => "pending",
        RefundStatus.Succeeded => "succeeded",
        _ => "failed",
    };

    public static void Bind(NpgsqlCommand command, Refund r)
    {
        var p = command.Parameters;
        p.AddWithValue("id", r.Id);
        p.AddWithValue("payment_id", r.PaymentId);
        p.AddWithValue("amount", Kopecks(r.Amount));
        p.AddWithValue("currency", r.Currency);
        p.AddWithValue("status", StatusText(r.Status));
        p.Add(Text("reason", r.Reason));
        p.Add(Text("refund_transaction_id", r.RefundTransactionId));
        p.Add(Time("created_at", r.CreatedAt));
        p.Add(Time("completed_at", r.CompletedAt));
        p.Add(Text("error_code", r.Error?.Code));
        p.Add(Text("error_message", r.Error?.Message));
        p.AddWithValue("unresolved", r.Unresolved);
        p.AddWithValue("transaction_id", r.TransactionId);
        p.AddWithValue("version", r.Version);
        p.AddWithValue("technical_errors", r.TechnicalErrors);
        p.AddWithValue("max_status_errors", r.MaxStatusErrors);
        p.AddWithValue("checks", r.Checks);
        p.Add(Time("next_check_at", r.NextCheckAt));
        p.AddWithValue("may_have_arrived", r.MayHaveArrived);
    }

    public static Refund ReadRefund(NpgsqlDataReader r) => new()
    {
        Id = r.GetString(0),
        PaymentId = r.GetString(1),
        Amount = FromKopecks(r.GetInt64(2)),
        Currency = r.GetString(3),
        Status = r.GetString(4) switch { "pending" => RefundStatus.Pending, "succeeded" => RefundStatus.Succeeded, _ => RefundStatus.Failed },
        Reason = OptionalText(r, 5),
        RefundTransactionId = OptionalText(r, 6),
        CreatedAt = ReadTime(r, 7),
        CompletedAt = OptionalTime(r, 8),
        Error = r.IsDBNull(9) ? null : new PaymentError(r.GetString(9), OptionalText(r, 10) ?? ""),
        Unresolved = r.GetBoolean(11),
        TransactionId = r.GetString(12),
        Version = r.GetInt64(13),
        TechnicalErrors = r.GetInt32(14),
        MaxStatusErrors = r.GetInt32(15),
        Checks = r.GetInt32(16),
        NextCheckAt = OptionalTime(r, 17),
        MayHaveArrived = r.GetBoolean(18),
    };

    /// <summary>The bigint column's value: <see cref="Money"/> is whole kopecks already.</summary>
    public static long Kopecks(Money amount) => amount.Kopecks;

    public static Money FromKopecks(long kopecks) => Money.FromKopecks(kopecks);

    /// <summary>A UTC instant at the millisecond (the SQLite journal's precision).</summary>
    public static NpgsqlParameter Time(string name, DateTimeOffset? value) =>
        new NpgsqlParameter<DateTimeOffset?>(name, NpgsqlDbType.TimestampTz)
        {
            TypedValue = value is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v.ToUnixTimeMilliseconds()) : null,
        };

    public static NpgsqlParameter Text(string name, string? value) =>
        new NpgsqlParameter<string?>(name, NpgsqlDbType.Text) { TypedValue = value };

    public static DateTimeOffset ReadTime(NpgsqlDataReader r, int ordinal) => r.GetFieldValue<DateTimeOffset>(ordinal);

    public static DateTimeOffset? OptionalTime(NpgsqlDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? null : r.GetFieldValue<DateTimeOffset>(ordinal);

    public static string? OptionalText(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}
