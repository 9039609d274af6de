using Gateway.Journal;
using Microsoft.Data.Sqlite;
using Tests.Support;

namespace Tests.Gateway.Journal;

/// <summary>Schema 3 (SPEC §15): the PosNumber a payment went out under, added to older files by its own migration step.</summary>
public sealed class PaymentJournalPosNumberTests
{
    [Fact]
    public async Task OlderFile_GetsThePosNumberColumn_ItsRowsReadNull_AndAnUpdateNeverChangesThePosNumber()
    {
        using var directory = new TempDirectory("journal-pos");
        var path = directory.File("payments.db");
        using (var v1 = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            v1.Open();
            using var create = v1.CreateCommand();
            create.CommandText = JournalSchemaV1.Create + JournalSchemaV1.Row + "PRAGMA user_version=1;";
            create.ExecuteNonQuery();
        }

        using var journal = new PaymentJournal(path);
        var old = await journal.GetAsync("v1row", CancellationToken.None);
        await journal.TryUpdateAsync(old! with { Payment = old.Payment with { Version = 2, PosNumber = "N102" } }, 1, CancellationToken.None);
        var reread = await journal.ReloadAsync("v1row", CancellationToken.None);

        Assert.Null(old.Payment.PosNumber);
        Assert.Null(reread!.Payment.PosNumber); // fixed when the payment is inserted: a later update cannot move it to another identity
        Assert.Equal(2, reread.Payment.Version);
    }
}
