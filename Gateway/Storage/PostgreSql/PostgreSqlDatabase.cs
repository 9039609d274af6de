using Npgsql;

namespace Gateway.Storage.PostgreSql;

/// <summary>
/// The journal's PostgreSQL database, shared by its stores: the pooled data source, the schema brought up to date at
/// start, and the two ways of talking to it (a read, a write transaction retried when a concurrent node's commit made
/// it conflict). Any call throws <see cref="NpgsqlException"/> while the server cannot be reached; Npgsql's pool opens
/// fresh connections once it can, so the gateway comes back by itself.
/// </summary>
/// <remarks>
/// Cancellation tokens are not passed to the server, on purpose (as the SQLite journal's remark explains): callers
/// read and write after their own deadline fired (a status call that timed out reloads its row with the token that
/// ended it), and a write that reached the server must be answered. Npgsql's command timeout bounds every call.
/// </remarks>
public sealed class PostgreSqlDatabase : IAsyncDisposable, IDisposable
{
    private const int MaxAttempts = 5;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    /// <summary>The channel every committed payment change is announced on (<c>pg_notify</c>, payload "node|payment id").</summary>
    public const string ChangesChannel = "lpg_payment_changes";

    /// <param name="connection">The journal's connection string (checked by <see cref="PostgreSqlConnection.Read"/>).</param>
    /// <param name="nodeId">This node's name in change notifications and leases (Gateway:NodeId).</param>
    /// <param name="lease">How long this node's leases last unless renewed (Gateway:LeaseSeconds; default 15 s).</param>
    public PostgreSqlDatabase(NpgsqlConnectionStringBuilder connection, string? nodeId = null, TimeSpan? lease = null)
        : this(connection, nodeId, lease, poolSize: null, schemaOf: null)
    {
    }

    private PostgreSqlDatabase(NpgsqlConnectionStringBuilder connection, string? nodeId, TimeSpan? lease, int? poolSize, PostgreSqlDatabase? schemaOf)
    {
        _schemaOf = schemaOf;
        _connection = connection;
        Lease = lease ?? TimeSpan.FromSeconds(new NodeOptions().LeaseSeconds);
        Description = PostgreSqlConnection.Describe(connection);
        DataSource = NpgsqlDataSource.Create(WithPoolSize(WithIdleTransactionsEnded(connection, Lease), poolSize));
        NodeId = nodeId ?? new NodeOptions().EffectiveNodeId;
        // The listener's own connection: never pooled (LISTEN is a session's state), TCP keepalive on so a dead server
        // or a cut cable is noticed while it waits.
        ListenerConnectionString = new NpgsqlConnectionStringBuilder(connection.ConnectionString)
        {
            Pooling = false,
            KeepAlive = 10,
            Timeout = connection.Timeout,
        }.ConnectionString;
    }

    public string NodeId { get; }

    /// <summary>
    /// The journal's connections per node unless the connection string says otherwise (<c>Maximum Pool Size</c>). Npgsql's
    /// own default, 100, is PostgreSQL's whole default <c>max_connections</c>: two busy nodes would take every connection
    /// the server has, and a node that cannot connect cannot renew its leases (measured: bench b8, 400 pending payments on
    /// two nodes — "too many clients", and one node adopted 177 of the other's live payments). A pass over a payment
    /// holds a connection for a few milliseconds; more callers than this wait their turn in the pool.
    /// </summary>
    public const int DefaultPoolSize = 20;

    /// <summary>The lease keeper's own connections (<see cref="ForLeaseKeeping"/>).</summary>
    public const int LeaseKeepingPoolSize = 2;

    private readonly NpgsqlConnectionStringBuilder _connection;
    private readonly PostgreSqlDatabase? _schemaOf;
    private PostgreSqlDatabase? _leaseKeeping;

    /// <summary>
    /// The same database, node and lease on a pool of its own (<see cref="LeaseKeepingPoolSize"/> connections) for
    /// <see cref="PostgreSqlLeaseKeeper"/>: renewing this node's leases never waits behind its own workload for a
    /// connection, so a busy node does not lose its work to another node. Disposed with this one.
    /// </summary>
    public PostgreSqlDatabase ForLeaseKeeping() =>
        _leaseKeeping ??= new PostgreSqlDatabase(_connection, NodeId, Lease, LeaseKeepingPoolSize, schemaOf: this);

    private static NpgsqlConnectionStringBuilder WithPoolSize(NpgsqlConnectionStringBuilder connection, int? poolSize)
    {
        var builder = new NpgsqlConnectionStringBuilder(connection.ConnectionString);
        if (poolSize is { } size)
        {
            builder.MaxPoolSize = size;
            builder.MinPoolSize = Math.Min(builder.MinPoolSize, size);
        }
        else if (!SetsPoolSize(connection.ConnectionString))
        {
            builder.MaxPoolSize = DefaultPoolSize;
            builder.MinPoolSize = Math.Min(builder.MinPoolSize, DefaultPoolSize);
        }
        return builder;
    }

    /// <summary>Whether the administrator's connection string names a pool size (any of Npgsql's spellings of the key).</summary>
    internal static bool SetsPoolSize(string connectionString) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase)
                || key.Replace(" ", "", StringComparison.Ordinal).Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A node paused or cut off in the middle of a transaction (between a statement and its commit) would hold its row
    /// locks, and the claims of the other nodes skip locked rows: its work could not be adopted until it came back. The
    /// server ends such a session after half a lease (at least a second); the paused node's commit then fails, nothing of
    /// it is written, and its pass is retried. The gateway's own transactions are a few statements long.
    /// </summary>
    private static NpgsqlConnectionStringBuilder WithIdleTransactionsEnded(NpgsqlConnectionStringBuilder connection, TimeSpan lease)
    {
        var limit = (long)Math.Max(1000, lease.TotalMilliseconds / 2);
        var builder = new NpgsqlConnectionStringBuilder(connection.ConnectionString);
        builder.Options = $"{builder.Options} -c idle_in_transaction_session_timeout={limit}".Trim();
        return builder;
    }

    public TimeSpan Lease { get; }

    /// <summary>Holds the password: for <see cref="PostgreSqlChangeFeed"/>'s connection only, never for a message.</summary>
    internal string ListenerConnectionString { get; }

    /// <summary>The channel of committed refund changes (payload "node|refund id").</summary>
    public const string RefundChangesChannel = "lpg_refund_changes";

    /// <summary>The channel of cashiers' cancels handed to the node that works the payment (payload "owner node|payment id").</summary>
    public const string CancelRequestsChannel = "lpg_cancel_requests";

    /// <summary>Announces a committed change of the payment to every node (delivered when <paramref name="tx"/> commits, not before).</summary>
    public Task NotifyChangedAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string paymentId) =>
        NotifyAsync(connection, tx, ChangesChannel, paymentId);

    /// <summary>The same for a refund.</summary>
    public Task NotifyRefundChangedAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string refundId) =>
        NotifyAsync(connection, tx, RefundChangesChannel, refundId);

    private async Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string channel, string id)
    {
        await using var notify = Command(connection, tx, "SELECT pg_notify(@channel, @payload)");
        notify.Parameters.AddWithValue("channel", channel);
        notify.Parameters.AddWithValue("payload", NodeId + "|" + id);
        await notify.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>"PostgreSQL host:port/database" (never the password).</summary>
    public string Description { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>
    /// Creates or migrates the schema once per process: at start, or on the first call after a start that could not
    /// reach the server (a failed attempt is tried again by the next call).
    /// </summary>
    public async Task EnsureSchemaAsync()
    {
        if (_schemaOf is not null)
        {
            await _schemaOf.EnsureSchemaAsync();
            return;
        }
        if (_schemaReady)
        {
            return;
        }
        await _schemaLock.WaitAsync();
        try
        {
            if (!_schemaReady)
            {
                await PostgreSqlSchema.MigrateAsync(DataSource, Description, CancellationToken.None);
                _schemaReady = true;
            }
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> read)
    {
        await EnsureSchemaAsync();
        await using var connection = await DataSource.OpenConnectionAsync(CancellationToken.None);
        return await read(connection);
    }

    /// <summary>
    /// One transaction (read committed). A unique violation or serialization failure means another node committed
    /// what this one was checking for: the whole transaction runs again and sees it (a replayed key, a busy terminal).
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> write)
    {
        await EnsureSchemaAsync();
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await DataSource.OpenConnectionAsync(CancellationToken.None);
            await using var tx = await connection.BeginTransactionAsync(CancellationToken.None);
            try
            {
                var result = await write(connection, tx);
                await tx.CommitAsync(CancellationToken.None);
                return result;
            }
            catch (PostgresException ex) when (attempt < MaxAttempts && ex.SqlState is PostgresErrorCodes.UniqueViolation
                or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected)
            {
                await tx.RollbackAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>Readiness: a round trip to the server (throws while it cannot be reached).</summary>
    public async Task CheckAsync(CancellationToken ct)
    {
        await using var connection = await DataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(ct);
    }

    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql) => new(sql, connection, tx);

    public static async Task<List<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read)
    {
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        var list = new List<T>();
        while (await reader.ReadAsync(CancellationToken.None))
        {
            list.Add(read(reader));
        }
        return list;
    }

    public async ValueTask DisposeAsync()
    {
        _schemaLock.Dispose();
        if (_leaseKeeping is not null)
        {
            await _leaseKeeping.DisposeAsync();
        }
        await DataSource.DisposeAsync();
    }

    public void Dispose()
    {
        _schemaLock.Dispose();
        _leaseKeeping?.Dispose();
        DataSource.Dispose();
    }
}
