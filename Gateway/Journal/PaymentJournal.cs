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
    private readonly JournalFile _file;

    public PaymentJournal(string databasePath)
    {
        DatabasePath = databasePath;
        JournalVersionGuard.RefuseNewer(databasePath);
        _file = new JournalFile(databasePath);
        using var connection = Open();
        JournalSchema.Apply(connection);
        // The refunds table and the report indexes live in the same file: created once, here, at start (an
        // index over a long journal takes a moment; never on the first report).
        using var endOfDay = Command(connection, null, EndOfDaySchema);
        endOfDay.ExecuteNonQuery();
    }

    public string DatabasePath { get; }

    public void Dispose()
    {
        _writeLock.Dispose();
        _file.ClearPool();
    }

    private SqliteConnection OpenForRead() => _file.OpenForRead();

    private SqliteConnection Open() => _file.Open();

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql) =>
        JournalFile.Command(connection, tx, sql);

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
