using Gateway.Journal;
using Tests.Support;

namespace Tests.Gateway.Storage;

/// <summary>The storage contract on the SQLite journal: a real payments.db and history.db in a fresh directory.</summary>
public sealed class SqliteStorageContractTests : StorageContractTests
{
    protected override Task<StorageUnderTest> CreateStoresAsync()
    {
        var directory = new TempDirectory("storage-contract");
        var payments = new PaymentJournal(directory.File(JournalSetup.FileName));
        var refunds = new RefundJournal(payments.DatabasePath);
        return Task.FromResult(new StorageUnderTest(payments, refunds, new JournalReports(payments.DatabasePath), new HistoryJournal(directory.Path), () =>
        {
            refunds.Dispose();
            payments.Dispose();
            directory.Dispose();
            return ValueTask.CompletedTask;
        }));
    }
}
