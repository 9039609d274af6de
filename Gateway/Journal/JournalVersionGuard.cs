using Microsoft.Data.Sqlite;

namespace Gateway.Journal;

/// <summary>
/// Refuses a journal written by a newer version (its <c>user_version</c> above <see cref="JournalSchema.Version"/>)
/// before anything opens it for writing: an older build would not know the newer columns' meaning, and a downgrade
/// must leave the file exactly as the newer version left it.
/// </summary>
internal static class JournalVersionGuard
{
    public static void RefuseNewer(string databasePath)
    {
        if (!File.Exists(databasePath))
        {
            return;
        }
        var found = Read(databasePath);
        if (found > JournalSchema.Version)
        {
            throw new JournalTooNewException(databasePath, found, JournalSchema.Version);
        }
    }

    private static long Read(string databasePath)
    {
        var readOnly = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var connection = new SqliteConnection(readOnly.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return (long)command.ExecuteScalar()!;
    }
}

/// <summary>The journal file is from a newer version of the gateway: this one does not open it.</summary>
public sealed class JournalTooNewException(string path, long found, int supported) : Exception(
    $"Журнал {path} записан более новой версией шлюза (схема журнала {found}), а эта версия {Hosting.GatewayVersion.Product} "
    + $"понимает схему не новее {supported}. Файл не изменён: установите версию шлюза, которая его записала, или новее. / "
    + $"The journal {path} was written by a newer gateway (journal schema {found}); this version {Hosting.GatewayVersion.Product} "
    + $"reads schema {supported} at most. The file was left untouched: install the version that wrote it, or a newer one.")
{
    public long FoundVersion { get; } = found;

    public int SupportedVersion { get; } = supported;
}
