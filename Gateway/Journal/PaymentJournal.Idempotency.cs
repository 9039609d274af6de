using Gateway.Payments;
using Microsoft.Data.Sqlite;

namespace Gateway.Journal;

/// <summary>The Idempotency-Keys (SPEC §3): remembered with the payment they created, in the same transaction.</summary>
public sealed partial class PaymentJournal
{
    /// <summary>How long an Idempotency-Key is remembered (SPEC §3).</summary>
    public static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);

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
                if (reader.Read() && now - reader.GetInt64(2) < (long)IdempotencyWindow.TotalMilliseconds)
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

    /// <summary>A synchronous read like the queries'. An Idempotency-Key remembered within the window: the payment it made and the hash of its body, or null.</summary>
    public Task<(string PaymentId, string RequestHash)?> FindIdempotencyAsync(string key, DateTimeOffset now, CancellationToken ct)
    {
        using var connection = OpenForRead();
        using var command = Command(connection, null, "SELECT payment_id, request_hash, created_at FROM idempotency WHERE key = $key");
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        return Task.FromResult<(string, string)?>(
            reader.Read() && now.ToUnixTimeMilliseconds() - reader.GetInt64(2) < (long)IdempotencyWindow.TotalMilliseconds
                ? (reader.GetString(0), reader.GetString(1))
                : null);
    }

    /// <summary>Forgets idempotency keys older than the window.</summary>
    public async Task PruneIdempotencyAsync(DateTimeOffset now, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            using var connection = Open();
            using var command = Command(connection, null, "DELETE FROM idempotency WHERE created_at < $before");
            command.Parameters.AddWithValue("$before", (now - IdempotencyWindow).ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
