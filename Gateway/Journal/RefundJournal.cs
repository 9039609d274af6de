using Microsoft.Data.Sqlite;

namespace Gateway.Journal;

/// <summary>
/// The refunds table's reader and writer, on the journal file (payments.db). It writes on connections of its own
/// (WAL, synchronous=FULL, like the payment journal; SQLite's busy timeout queues it behind the payment writer) and
/// only ever reads the payments table. A reservation checks the payment and the refunds already taken and inserts
/// the new one in ONE immediate transaction, so two concurrent refunds can never together exceed the payment.
/// Reads run synchronously and return completed tasks, as <see cref="PaymentJournal"/>'s do.
/// </summary>
public sealed class RefundJournal : IRefundStore, IDisposable
{
    private readonly JournalFile _file;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public RefundJournal(string databasePath)
    {
        _file = new JournalFile(databasePath);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;" + RefundSchema.Create;
        command.ExecuteNonQuery();
        RefundSchema.Migrate(connection);
    }

    /// <summary>Checks the payment and what is already refunded or reserved, then inserts the refund (all or nothing).</summary>
    public async Task<ReserveResult> TryReserveAsync(RefundDraft draft, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            using var connection = Open();
            using var tx = connection.BeginTransaction(deferred: false);
            var result = Reserve(connection, tx, draft);
            tx.Commit();
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static ReserveResult Reserve(SqliteConnection connection, SqliteTransaction tx, RefundDraft d)
    {
        if (d.IdempotencyKey is not null)
        {
            using var find = Command(connection, tx, "SELECT id, request_hash FROM refunds WHERE idempotency_key = $key AND created_at >= $since ORDER BY created_at DESC LIMIT 1");
            find.Parameters.AddWithValue("$key", d.IdempotencyKey);
            find.Parameters.AddWithValue("$since", (d.Now - IPaymentStore.IdempotencyWindow).ToUnixTimeMilliseconds());
            using var reader = find.ExecuteReader();
            if (reader.Read())
            {
                return reader.GetString(1) == d.RequestHash ? new ReserveResult.Replay(reader.GetString(0)) : new ReserveResult.KeyReused(reader.GetString(0));
            }
        }

        RefundablePayment? paid = null;
        using (var payment = Command(connection, tx, "SELECT status, late_paid, amount, currency, transaction_id FROM payments WHERE id = $id"))
        {
            payment.Parameters.AddWithValue("$id", d.PaymentId);
            using var row = payment.ExecuteReader();
            if (row.Read())
            {
                paid = new RefundablePayment(row.GetString(0), row.GetInt64(1) != 0, Money.FromKopecks(row.GetInt64(2)), row.GetString(3),
                    row.IsDBNull(4) ? null : row.GetString(4));
            }
        }
        var reserved = paid is null ? Money.Zero : Taken(connection, tx, d.PaymentId).Reserved;
        if (!RefundReservation.Accepts(d, paid, reserved, out var refund, out var refused))
        {
            return refused;
        }
        using var insert = Command(connection, tx, $"""
            INSERT INTO refunds ({RefundSchema.Columns}, idempotency_key, request_hash)
            VALUES ($id, $payment_id, $amount, $currency, $status, $reason, $refund_transaction_id, $created_at, $completed_at, $error_code,
                    $error_message, $unresolved, $transaction_id, $version, $technical_errors, $max_status_errors, $checks, $next_check_at,
                    $may_have_arrived, $key, $hash)
            """);
        RefundSchema.Bind(insert, refund);
        insert.Parameters.AddWithValue("$key", (object?)d.IdempotencyKey ?? DBNull.Value);
        insert.Parameters.AddWithValue("$hash", d.RequestHash);
        insert.ExecuteNonQuery();
        return new ReserveResult.Inserted(refund);
    }

    /// <summary>Commits <paramref name="updated"/> if the row is still pending at <paramref name="expectedVersion"/>.</summary>
    public Task<bool> TryUpdateAsync(Refund updated, long expectedVersion, CancellationToken ct) =>
        TryUpdateAsync(updated, expectedVersion, "pending", ct);

    /// <summary>
    /// Commits <paramref name="updated"/> over a row still <c>failed</c> at <paramref name="expectedVersion"/>: only for
    /// WebMoney's later word that it completed the refund after all (reconciliation, SPEC §11).
    /// </summary>
    public Task<bool> TryCorrectFailedAsync(Refund updated, long expectedVersion, CancellationToken ct) =>
        TryUpdateAsync(updated, expectedVersion, "failed", ct);

    /// <summary>Refunds made in [<paramref name="from"/>, <paramref name="to"/>) that are not succeeded, of sandbox payments or of real ones.</summary>
    public Task<IReadOnlyList<Refund>> ListNotSucceededMadeBetweenAsync(DateTimeOffset from, DateTimeOffset to, bool sandbox, CancellationToken ct) =>
        Query("""
            WHERE created_at >= $from AND created_at < $to AND status <> 'succeeded'
              AND payment_id IN (SELECT id FROM payments WHERE sandbox = $sandbox)
            ORDER BY created_at, id
            """, ("$from", from.ToUnixTimeMilliseconds()), ("$to", to.ToUnixTimeMilliseconds()), ("$sandbox", sandbox ? 1 : 0));

    private async Task<bool> TryUpdateAsync(Refund updated, long expectedVersion, string fromStatus, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            using var connection = Open();
            using var command = Command(connection, null, """
                UPDATE refunds SET status = $status, refund_transaction_id = $refund_transaction_id, completed_at = $completed_at,
                    error_code = $error_code, error_message = $error_message, unresolved = $unresolved, version = $version,
                    technical_errors = $technical_errors, checks = $checks, next_check_at = $next_check_at,
                    may_have_arrived = $may_have_arrived
                WHERE id = $id AND version = $expected AND status = $from_status
                """);
            RefundSchema.Bind(command, updated);
            command.Parameters.AddWithValue("$expected", expectedVersion);
            command.Parameters.AddWithValue("$from_status", fromStatus);
            return command.ExecuteNonQuery() == 1;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<Refund?> GetAsync(string id, CancellationToken ct) => (await Query("WHERE id = $id", ("$id", id))).FirstOrDefault();

    public Task<IReadOnlyList<Refund>> ListForPaymentAsync(string paymentId, CancellationToken ct) =>
        Query("WHERE payment_id = $p ORDER BY created_at, id", ("$p", paymentId));

    public Task<IReadOnlyList<Refund>> LoadActiveAsync(CancellationToken ct) => Query("WHERE status = 'pending'");

    public Task<IReadOnlyList<Refund>> ListAsync(bool attention, int limit, CancellationToken ct) =>
        Query((attention ? "WHERE status = 'pending' AND unresolved = 1 " : "") + "ORDER BY created_at DESC, id DESC LIMIT $limit", ("$limit", limit));

    public Task<IReadOnlyDictionary<string, RefundTotals>> TotalsForAsync(IReadOnlyCollection<string> paymentIds, CancellationToken ct)
    {
        var totals = new Dictionary<string, RefundTotals>();
        if (paymentIds.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<string, RefundTotals>>(totals);
        }
        using var connection = OpenForRead();
        using var command = connection.CreateCommand();
        var names = paymentIds.Select((id, i) =>
        {
            command.Parameters.AddWithValue("$p" + i, id);
            return "$p" + i;
        }).ToList();
        command.CommandText = $"SELECT payment_id, status, amount FROM refunds WHERE status <> 'failed' AND payment_id IN ({string.Join(',', names)})";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var current = totals.GetValueOrDefault(reader.GetString(0));
            var amount = Money.FromKopecks(reader.GetInt64(2));
            totals[reader.GetString(0)] = reader.GetString(1) == "succeeded"
                ? current with { Refunded = current.Refunded + amount, Reserved = current.Reserved + amount }
                : current with { Reserved = current.Reserved + amount };
        }
        return Task.FromResult<IReadOnlyDictionary<string, RefundTotals>>(totals);
    }

    public void Dispose()
    {
        _writeLock.Dispose();
        _file.ClearPool();
    }

    private static RefundTotals Taken(SqliteConnection connection, SqliteTransaction tx, string paymentId)
    {
        using var command = Command(connection, tx, "SELECT status, amount FROM refunds WHERE payment_id = $p AND status <> 'failed'");
        command.Parameters.AddWithValue("$p", paymentId);
        using var reader = command.ExecuteReader();
        var totals = new RefundTotals(Money.Zero, Money.Zero);
        while (reader.Read())
        {
            var amount = Money.FromKopecks(reader.GetInt64(1));
            totals = reader.GetString(0) == "succeeded"
                ? new RefundTotals(totals.Refunded + amount, totals.Reserved + amount)
                : totals with { Reserved = totals.Reserved + amount };
        }
        return totals;
    }

    public Task<PaymentIdentity?> IdentityOfAsync(string paymentId, CancellationToken ct)
    {
        using var connection = OpenForRead();
        using var command = Command(connection, null, "SELECT pos_number, terminal_id FROM payments WHERE id = $id");
        command.Parameters.AddWithValue("$id", paymentId);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? new PaymentIdentity(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1)) : null);
    }

    private Task<IReadOnlyList<Refund>> Query(string tail, params (string Name, object Value)[] parameters)
    {
        using var connection = OpenForRead();
        using var command = Command(connection, null, $"SELECT {RefundSchema.Columns} FROM refunds " + tail);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        using var reader = command.ExecuteReader();
        var list = new List<Refund>();
        while (reader.Read())
        {
            list.Add(RefundSchema.Read(reader));
        }
        return Task.FromResult<IReadOnlyList<Refund>>(list);
    }

    private SqliteConnection OpenForRead() => _file.OpenForRead();

    // FULL (JournalFile): a reservation survives power loss before RefundPayment is sent.
    private SqliteConnection Open() => _file.Open();

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql) =>
        JournalFile.Command(connection, tx, sql);
}
