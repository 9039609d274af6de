using Gateway.Journal;
using Gateway.Storage.PostgreSql;
using Npgsql;
using Tests.Support;

namespace Tests.Gateway.Storage.PostgreSql;

/// <summary>The schema on a real PostgreSQL (the run's throwaway cluster, a fresh database per test).</summary>
public sealed class PostgreSqlSchemaTests
{
    [Fact]
    public async Task MigrateAsync_TwoNodesStartingTogether_BothSucceed_OneSchema()
    {
        var connectionString = await FreshDatabaseAsync();
        await using var node1 = NpgsqlDataSource.Create(connectionString);
        await using var node2 = NpgsqlDataSource.Create(connectionString);

        await Task.WhenAll(
            Task.Run(() => PostgreSqlSchema.MigrateAsync(node1, "db", default)),
            Task.Run(() => PostgreSqlSchema.MigrateAsync(node2, "db", default)));

        Assert.Equal(Enumerable.Range(1, PostgreSqlSchema.Version), await ColumnAsync<int>(node1, "SELECT version FROM journal_schema ORDER BY 1"));
        Assert.Equal(["idempotency", "journal_schema", "payment_events", "payments", "refunds", "scheduled_jobs"],
            await ColumnAsync<string>(node1, "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"));
    }

    [Fact]
    public async Task MigrateAsync_Again_NothingChanges()
    {
        await using var db = NpgsqlDataSource.Create(await FreshDatabaseAsync());
        await PostgreSqlSchema.MigrateAsync(db, "db", default);
        await ExecuteAsync(db, "INSERT INTO idempotency VALUES ('k', 'h', 'p', now())");

        await PostgreSqlSchema.MigrateAsync(db, "db", default);

        Assert.Equal(["k"], await ColumnAsync<string>(db, "SELECT key FROM idempotency"));
        Assert.Equal(Enumerable.Range(1, PostgreSqlSchema.Version), await ColumnAsync<int>(db, "SELECT version FROM journal_schema ORDER BY 1"));
    }

    [Fact]
    public async Task MigrateAsync_FromSchema1_AddsTheLeases_RowsKeptAndFree()
    {
        await using var db = NpgsqlDataSource.Create(await FreshDatabaseAsync());
        await PostgreSqlSchema.MigrateAsync(db, "db", default, upTo: 1);
        await ExecuteAsync(db, Insert("old", "Pending"));

        await PostgreSqlSchema.MigrateAsync(db, "db", default);

        Assert.Equal(["old"], await ColumnAsync<string>(db, "SELECT id FROM payments WHERE lease_owner IS NULL AND lease_until IS NULL"));
        Assert.Equal(Enumerable.Range(1, PostgreSqlSchema.Version), await ColumnAsync<int>(db, "SELECT version FROM journal_schema ORDER BY 1"));
    }

    [Fact]
    public async Task MigrateAsync_SchemaFromANewerGateway_Refused_Untouched()
    {
        await using var db = NpgsqlDataSource.Create(await FreshDatabaseAsync());
        await PostgreSqlSchema.MigrateAsync(db, "db", default);
        await ExecuteAsync(db, $"INSERT INTO journal_schema (version) VALUES ({PostgreSqlSchema.Version + 1})");

        var refused = await Assert.ThrowsAsync<JournalTooNewException>(() => PostgreSqlSchema.MigrateAsync(db, "PostgreSQL h:5432/db", default));

        Assert.Equal(PostgreSqlSchema.Version + 1, refused.FoundVersion);
        Assert.Contains("PostgreSQL h:5432/db", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Payments_SecondPendingOfATerminal_RefusedByTheDatabase_AfterTheFirstEndsAccepted()
    {
        await using var db = NpgsqlDataSource.Create(await FreshDatabaseAsync());
        await PostgreSqlSchema.MigrateAsync(db, "db", default);
        await ExecuteAsync(db, Insert("p1", "Pending"));

        var busy = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(db, Insert("p2", "Pending")));
        await ExecuteAsync(db, "UPDATE payments SET status = 'Paid' WHERE id = 'p1'");
        await ExecuteAsync(db, Insert("p3", "Pending"));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, busy.SqlState);
        Assert.Equal("ux_payments_pending_terminal", busy.ConstraintName);
    }

    [Fact]
    public async Task Idempotency_SameKeyTwice_RefusedByTheDatabase()
    {
        await using var db = NpgsqlDataSource.Create(await FreshDatabaseAsync());
        await PostgreSqlSchema.MigrateAsync(db, "db", default);
        await ExecuteAsync(db, "INSERT INTO idempotency VALUES ('k', 'h', 'p1', now())");

        var again = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(db, "INSERT INTO idempotency VALUES ('k', 'h2', 'p2', now())"));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, again.SqlState);
    }

    private static string Insert(string id, string status) => $"""
        INSERT INTO payments (id, status, terminal_id, amount, currency, payment_system, created_at, deadline, sandbox, version, max_status_errors)
        VALUES ('{id}', '{status}', 'T1', 1000, 'RUB', 'Sbp', now(), now() + interval '3 minutes', false, 1, 3)
        """;

    private static async Task<string> FreshDatabaseAsync() =>
        await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync(nameof(PostgreSqlSchemaTests));

    private static async Task ExecuteAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<T>> ColumnAsync<T>(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<T>();
        while (await reader.ReadAsync())
        {
            list.Add(reader.GetFieldValue<T>(0));
        }
        return list;
    }
}
