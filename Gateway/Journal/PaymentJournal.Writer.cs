using Microsoft.Data.Sqlite;

namespace Gateway.Journal;

/// <summary>The writer: one SQLite transaction at a time, concurrent writes grouped into it (group commit).</summary>
public sealed partial class PaymentJournal
{
    // SQLite has one writer; queueing writers here beats SQLITE_BUSY retries.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    // Group commit (see WriteAsync): writes waiting for the next transaction, and whether one is being committed.
    private readonly System.Collections.Concurrent.ConcurrentQueue<IPendingWrite> _queue = new();
    private int _draining;

    /// <summary>
    /// Group commit: every write that arrives while a commit is being made durable goes into the next transaction
    /// together (each in a savepoint of its own, applied in arrival order, so the outcome is the one of running
    /// them one after another), and one fsync makes them all durable. A caller gets its result only after that
    /// commit returned: nothing is announced before it is on disk. One fsync costs milliseconds; without this,
    /// concurrent creates queue behind one fsync each. The first writer commits on its own thread; writes queued
    /// meanwhile are committed by one follow-up pass, and every waiter is woken at once (no lock hand-over chain).
    /// </summary>
    /// <param name="apply">The write, inside the shared transaction.</param>
    /// <param name="ct">Honoured only before the write is queued.</param>
    /// <param name="committed">Runs after the commit, in commit order, before the caller learns the result.</param>
    private Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> apply, CancellationToken ct, Action<T>? committed = null)
    {
        ct.ThrowIfCancellationRequested();
        // Not cancellable once queued: it may already be applied, and the caller must learn the outcome.
        var write = new PendingWrite<T>(apply, committed);
        _queue.Enqueue(write);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            // Faults are the writes' own (CommitQueued hands them to each waiter), so the drain's task is not awaited.
            _ = DrainAsync();
        }
        return write.Task;
    }

    /// <summary>Runs while holding <see cref="_draining"/>: commits what is queued, then hands over or lets go.</summary>
    private async Task DrainAsync()
    {
        // Completes at once when nobody holds the lock, so the first writer still commits on its own thread; behind
        // a readiness probe or a prune it waits without holding a thread.
        await _writeLock.WaitAsync();
        try
        {
            CommitQueued();
        }
        finally
        {
            _writeLock.Release();
        }
        Volatile.Write(ref _draining, 0);
        // A write queued after the drain but before the flag dropped found the flag taken: it is ours to commit.
        if (!_queue.IsEmpty && Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            _ = Task.Run(DrainAsync);
        }
    }

    /// <summary>Runs under the write lock: drains the queue into one transaction.</summary>
    private void CommitQueued()
    {
        var batch = new List<IPendingWrite>();
        while (_queue.TryDequeue(out var next))
        {
            batch.Add(next);
        }
        if (batch.Count == 0)
        {
            return;
        }
        try
        {
            using var timer = Observability.GatewayMetrics.TimeJournalCommit();
            using var connection = Open();
            using var tx = connection.BeginTransaction(deferred: false);
            if (batch.Count == 1)
            {
                batch[0].Apply(connection, tx, savepoint: false);
            }
            else
            {
                foreach (var write in batch)
                {
                    write.Apply(connection, tx, savepoint: true);
                }
            }
            tx.Commit();
        }
        catch (Exception ex)
        {
            foreach (var write in batch)
            {
                write.Fail(ex);
            }
        }
        foreach (var write in batch)
        {
            write.Complete();
        }
    }

    private interface IPendingWrite
    {
        void Apply(SqliteConnection connection, SqliteTransaction tx, bool savepoint);

        void Fail(Exception ex);

        void Complete();
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, SqliteTransaction, T> apply, Action<T>? committed) : IPendingWrite
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _error;

        public Task<T> Task => _done.Task;

        public void Apply(SqliteConnection connection, SqliteTransaction tx, bool savepoint)
        {
            if (!savepoint)
            {
                _result = apply(connection, tx);
                return;
            }
            tx.Save("w");
            try
            {
                _result = apply(connection, tx);
                tx.Release("w");
            }
            catch (SqliteException ex)
            {
                // Only this write is undone; the others in the batch still commit.
                tx.Rollback("w");
                tx.Release("w");
                _error = ex;
            }
        }

        public void Fail(Exception ex) => _error ??= ex;

        public void Complete()
        {
            if (_error is null)
            {
                committed?.Invoke(_result!);
                _done.TrySetResult(_result!);
            }
            else
            {
                _done.TrySetException(_error);
            }
        }
    }

    /// <summary>Proves the journal can still be written (readiness).</summary>
    public async Task CheckWritableAsync(CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            using var connection = Open();
            using var tx = connection.BeginTransaction();
            using var command = Command(connection, tx, "CREATE TEMP TABLE IF NOT EXISTS probe (x); INSERT INTO probe VALUES (1); DELETE FROM probe;");
            command.ExecuteNonQuery();
            using var pragma = Command(connection, tx, "PRAGMA user_version = " + JournalSchema.Version);
            pragma.ExecuteNonQuery();
            tx.Commit();
        }
        finally
        {
            _writeLock.Release();
        }
    }

}
