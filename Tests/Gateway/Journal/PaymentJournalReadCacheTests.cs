using Gateway.Journal;
using Gateway.Payments;
using Gateway.Storage;
using Tests.Support;

namespace Tests.Gateway.Journal;

/// <summary>Pending payments are served from memory: what a read returns is always the last committed state.</summary>
public sealed class PaymentJournalReadCacheTests : IDisposable
{
    // The journal on a real SQLite file, as the payments core has it.
    private readonly PaymentsHarness _h = new();

    private PaymentJournal Journal => _h.Journal;

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Get_AfterEachCommit_ReturnsThatCommittedState()
    {
        var entry = Entry();
        await Journal.TryBeginCreateAsync(entry, null, "h", CancellationToken.None);
        var counted = entry with { Payment = entry.Payment with { Version = 2 }, State = entry.State with { TechnicalErrors = 1 } };
        await Journal.TryUpdateAsync(counted, 1, CancellationToken.None);

        var pending = await Journal.GetAsync(entry.Payment.Id, CancellationToken.None);
        var paid = counted with { Payment = counted.Payment with { Status = PaymentStatus.Paid, Version = 3 } };
        await Journal.TryUpdateAsync(paid, 2, CancellationToken.None);
        var final = await Journal.GetAsync(entry.Payment.Id, CancellationToken.None);

        Assert.Equal(1, pending!.State.TechnicalErrors);
        Assert.Equal(PaymentStatus.Paid, final!.Payment.Status);
        Assert.Equal(3, final.Payment.Version);
    }

    [Fact]
    public async Task Get_AfterARejectedUpdate_StillReturnsTheCommittedState()
    {
        var entry = Entry();
        await Journal.TryBeginCreateAsync(entry, null, "h", CancellationToken.None);

        var stale = entry with { Payment = entry.Payment with { Status = PaymentStatus.Declined, Version = 5 } };
        var written = await Journal.TryUpdateAsync(stale, 4, CancellationToken.None);
        var read = await Journal.GetAsync(entry.Payment.Id, CancellationToken.None);

        Assert.False(written);
        Assert.Equal(PaymentStatus.Pending, read!.Payment.Status);
        Assert.Equal(1, read.Payment.Version);
    }

    [Fact]
    public async Task Get_FromASecondJournalOnTheSameFile_SeesWhatTheFirstCommitted()
    {
        var entry = Entry();
        await Journal.TryBeginCreateAsync(entry, null, "h", CancellationToken.None);
        using var reopened = new PaymentJournal(Journal.DatabasePath);

        var read = await reopened.GetAsync(entry.Payment.Id, CancellationToken.None);

        Assert.Equal(entry.Payment, read!.Payment);
    }

    private static JournalEntry Entry()
    {
        var now = new DateTimeOffset(2026, 11, 28, 7, 0, 0, TimeSpan.Zero);
        return new JournalEntry(new Payment
        {
            Id = Guid.NewGuid().ToString("N"),
            Status = PaymentStatus.Pending,
            TerminalId = "1",
            Amount = 10m,
            PaymentSystem = PaymentSystem.Sbp,
            PaymentTypeCode = 5,
            CreatedAt = now,
            Deadline = now.AddMinutes(3),
            Version = 1,
        }, new LifecycleState { MaxStatusErrors = 3 });
    }
}
