using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gateway.Journal;

/// <summary>
/// Journal schema 5: amounts are INTEGER kopecks (<see cref="Money"/>). Through schema 4 the payments and refunds tables
/// held them as invariant text ("1234.5"). SQLite cannot change a column's type, so a table still holding text is
/// rebuilt in place (SQLite's own recipe: the old table renamed aside, the new one created by its current definition,
/// every row copied with its amount converted by <see cref="Money"/>, the old table dropped, the indexes made again),
/// inside the caller's transaction, which also records the version: a crash leaves the file as it was.
/// </summary>
internal static class JournalAmounts
{
    private const string ToKopecksFunction = "lpg_kopecks";

    /// <summary>Rebuilds whichever of the two tables still holds amounts as text; true if one was.</summary>
    public static bool ToKopecks(SqliteConnection connection, SqliteTransaction tx)
    {
        var payments = HoldsText(connection, tx, "payments");
        var refunds = HoldsText(connection, tx, "refunds");
        if (!payments && !refunds)
        {
            return false;
        }
        connection.CreateFunction<string, long>(ToKopecksFunction, Kopecks, isDeterministic: true);
        if (payments)
        {
            Rebuild(connection, tx, "payments", JournalSchema.Create);
        }
        if (refunds)
        {
            Rebuild(connection, tx, "refunds", RefundSchema.Create);
        }
        return true;
    }

    // Exactly how schema 4 read an amount back (decimal.Parse, invariant); a fraction of a kopeck was never journalled
    // (validated first, SPEC §3), and if one were, the upgrade stops here rather than change a sum.
    private static long Kopecks(string text) =>
        Money.FromRubles(decimal.Parse(text, CultureInfo.InvariantCulture)).Kopecks;

    private static bool HoldsText(SqliteConnection connection, SqliteTransaction tx, string table)
    {
        using var command = JournalFile.Command(connection, tx, $"SELECT type FROM pragma_table_info('{table}') WHERE name = 'amount'");
        return command.ExecuteScalar() is string type && type.Equals("TEXT", StringComparison.OrdinalIgnoreCase);
    }

    private static void Rebuild(SqliteConnection connection, SqliteTransaction tx, string table, string create)
    {
        var aside = table + "_before_kopecks";
        Execute(connection, tx, $"ALTER TABLE {table} RENAME TO {aside}");
        // The indexes went aside with the old table: this run makes the table, the one after the drop its indexes.
        Execute(connection, tx, create);
        var kept = ColumnsOf(connection, tx, aside).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var columns = ColumnsOf(connection, tx, table).Where(kept.Contains).ToList();
        var values = columns.Select(c => c == "amount" ? $"{ToKopecksFunction}(amount)" : c);
        Execute(connection, tx, $"INSERT INTO {table} ({string.Join(", ", columns)}) SELECT {string.Join(", ", values)} FROM {aside}");
        Execute(connection, tx, $"DROP TABLE {aside}");
        Execute(connection, tx, create);
    }

    private static List<string> ColumnsOf(SqliteConnection connection, SqliteTransaction tx, string table)
    {
        using var command = JournalFile.Command(connection, tx, $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid");
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        using var command = JournalFile.Command(connection, tx, sql);
        command.ExecuteNonQuery();
    }
}
