using Gateway.Storage.PostgreSql;
using Npgsql;
using Tests.Support;

namespace Tests.Gateway.Storage.PostgreSql;

/// <summary>
/// The storage contract, unchanged, on PostgreSQL: the class's own database on the run's throwaway cluster, its tables
/// emptied before each test (the contract wants a fresh, empty storage; the tests of a class run one after another).
/// </summary>
public sealed class PostgreSqlStorageContractTests(PostgresDatabase database) : StorageContractTests, IClassFixture<PostgresDatabase>
{
    protected override async Task<StorageUnderTest> CreateStoresAsync()
    {
        var db = new PostgreSqlDatabase(new NpgsqlConnectionStringBuilder(database.ConnectionString));
        await db.EnsureSchemaAsync();
        await using (var empty = db.DataSource.CreateCommand("TRUNCATE payments, idempotency, refunds, payment_events"))
        {
            await empty.ExecuteNonQueryAsync();
        }
        return new StorageUnderTest(new PostgreSqlPaymentStore(db), new PostgreSqlRefundStore(db), new PostgreSqlReportStore(db),
            new PostgreSqlHistoryStore(db), db.DisposeAsync);
    }
}
