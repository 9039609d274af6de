using Microsoft.Data.Sqlite;

namespace Gateway.Journal;

/// <summary>
/// The connections to the journal file (payments.db), one definition for every table kept in it (payments,
/// idempotency keys, refunds): reads skip the pragmas, writes are durable.
/// </summary>
internal sealed class JournalFile
{
    private readonly string _connectionString;

    public JournalFile(string databasePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    // Reads need neither the durability nor the busy pragma (the provider retries SQLITE_BUSY up to DefaultTimeout):
    // skipping them saves two statements on every GET.
    public SqliteConnection OpenForRead()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>For writes. FULL: a commit survives power loss, not just a process crash (money is at stake).</summary>
    public SqliteConnection Open()
    {
        var connection = OpenForRead();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Closes the pooled connections (on dispose: the file can then be deleted or reopened elsewhere).</summary>
    public void ClearPool() => SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
}
