using Microsoft.Data.Sqlite;

namespace Gateway.Journal;

/// <summary>
/// The writes, each through the group commit of <c>.Writer</c>; the Idempotency-Keys (SPEC §3) are remembered with the
/// payment they created, in the same transaction.
/// </summary>
public sealed partial class PaymentJournal
{
    /// <summary>Inserts the payment (and remembers its key) unless the key replays or the terminal is busy; one transaction.</summary>
    public Task<CreateResult> TryBeginCreateAsync(JournalEntry entry, string? idempotencyKey, string requestHash, CancellationToken ct) =>
        WriteAsync<CreateResult>((connection, tx) =>
        {
            var now = entry.Payment.CreatedAt.ToUnixTimeMilliseconds();
            if (idempotencyKey is not null)
            {
                using var find = Command(connection, tx, "SELECT request_hash, payment_id, created_at FROM idempotency WHERE key = $key");
                find.Parameters.AddWithValue("$key", idempotencyKey);
                using var reader = find.ExecuteReader();
                if (reader.Read() && now - reader.GetInt64(2) < (long)IPaymentStore.IdempotencyWindow.TotalMilliseconds)
                {
                    return reader.GetString(0) == requestHash
                        ? new CreateResult.Replayed(reader.GetString(1))
                        : new CreateResult.KeyReused(reader.GetString(1));
                }
            }

            using (var busy = Command(connection, tx, "SELECT id FROM payments WHERE terminal_id = $t AND status = 'Pending' LIMIT 1"))
            {
                busy.Parameters.AddWithValue("$t", entry.Payment.TerminalId);
                if (busy.ExecuteScalar() is string pendingId)
                {
                    return new CreateResult.TerminalBusy(pendingId);
                }
            }

            using (var insert = Command(connection, tx, $"INSERT INTO payments ({JournalRows.Columns}) VALUES ({JournalRows.Parameters})"))
            {
                JournalRows.Bind(insert, entry);
                insert.ExecuteNonQuery();
            }

            if (idempotencyKey is not null)
            {
                using var remember = Command(connection, tx,
                    "INSERT OR REPLACE INTO idempotency (key, request_hash, payment_id, created_at) VALUES ($key, $hash, $id, $at)");
                remember.Parameters.AddWithValue("$key", idempotencyKey);
                remember.Parameters.AddWithValue("$hash", requestHash);
                remember.Parameters.AddWithValue("$id", entry.Payment.Id);
                remember.Parameters.AddWithValue("$at", now);
                remember.ExecuteNonQuery();
            }
            return new CreateResult.Created(entry.Payment);
        }, ct, result =>
        {
            if (result is CreateResult.Created)
            {
                _pending[entry.Payment.Id] = entry;
            }
        });

    /// <summary>
    /// Commits <paramref name="updated"/> if the row is still at <paramref name="expectedVersion"/> and was
    /// pending or keeps its final status. Returns false (nothing written) otherwise.
    /// </summary>
    public Task<bool> TryUpdateAsync(JournalEntry updated, long expectedVersion, CancellationToken ct) =>
        WriteAsync((connection, tx) =>
        {
            using var command = Command(connection, tx, $"""
                UPDATE payments SET {JournalRows.Assignments}
                WHERE id = $id AND version = $expected AND (status = 'Pending' OR status = $status)
                """);
            JournalRows.Bind(command, updated);
            command.Parameters.AddWithValue("$expected", expectedVersion);
            return command.ExecuteNonQuery() == 1;
        }, ct, written =>
        {
            if (!written)
            {
                return;
            }
            if (updated.Payment.IsFinal)
            {
                _pending.TryRemove(updated.Payment.Id, out _);
            }
            else
            {
                _pending[updated.Payment.Id] = updated;
            }
        });

    /// <summary>
    /// WebMoney reports paid a payment the journal ended otherwise: it becomes latePaid (SPEC §4), its status and
    /// completion kept (a final state is never left), and it is no longer unresolved. Only a final, not yet
    /// latePaid, not paid row changes; a pending one is the poller's. Returns the committed entry, or null.
    /// </summary>
    public Task<JournalEntry?> MarkLatePaidAsync(string paymentId, CancellationToken ct) =>
        WriteAsync((connection, tx) =>
        {
            using var update = Command(connection, tx, """
                UPDATE payments SET late_paid = 1, unresolved = 0, next_recheck_at = NULL, version = version + 1
                WHERE id = $id AND status NOT IN ('Pending', 'Paid') AND late_paid = 0
                """);
            update.Parameters.AddWithValue("$id", paymentId);
            if (update.ExecuteNonQuery() == 0)
            {
                return null;
            }
            using var read = Command(connection, tx, $"SELECT {JournalRows.Columns} FROM payments WHERE id = $id");
            read.Parameters.AddWithValue("$id", paymentId);
            return ReadAll(read).FirstOrDefault();
        }, ct);

    /// <summary>Forgets idempotency keys older than the window.</summary>
    public async Task PruneIdempotencyAsync(DateTimeOffset now, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            using var connection = Open();
            using var command = Command(connection, null, "DELETE FROM idempotency WHERE created_at < $before");
            command.Parameters.AddWithValue("$before", (now - IPaymentStore.IdempotencyWindow).ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
