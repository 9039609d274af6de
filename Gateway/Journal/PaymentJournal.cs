using Gateway.Payments;
using Microsoft.Data.Sqlite;

namespace Gateway.Journal;

/// <summary>
/// The SQLite journal: the single source of truth. Every state change is committed here (WAL,
/// synchronous=FULL) before anything announces it, and a final state can never be left: updates are
/// conditional on the version read and on the row still being pending. Its roles live in partial files:
/// the group-commit writer (<c>.Writer</c>), the queries with their read cache (<c>.Queries</c>), the
/// idempotency keys (<c>.Idempotency</c>) and end of day (<c>.EndOfDay</c>); this file holds the connections.
/// </summary>
public sealed partial class PaymentJournal : IDisposable
{
    private readonly string _connectionString;

    public PaymentJournal(string databasePath)
    {
        DatabasePath = databasePath;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        JournalSchema.Apply(connection);
    }

    public string DatabasePath { get; }

    public void Dispose()
    {
        _writeLock.Dispose();
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }

    // Reads need neither the durability nor the busy pragma (the provider retries SQLITE_BUSY up to DefaultTimeout):
    // skipping them saves two statements on every GET.
    private SqliteConnection OpenForRead()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // FULL: a commit survives power loss, not just a process crash (money is at stake).
        pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    private static List<JournalEntry> ReadAll(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var list = new List<JournalEntry>();
        while (reader.Read())
        {
            list.Add(JournalRows.Read(reader));
        }
        return list;
    }
}
