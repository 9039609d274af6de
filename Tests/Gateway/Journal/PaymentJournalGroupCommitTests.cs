using Gateway.Journal;
using Gateway.Payments;
using Gateway.Storage;
using Microsoft.Data.Sqlite;
using Tests.Support;

namespace Tests.Gateway.Journal;

/// <summary>Concurrent writes share commits (group commit) yet behave as if run one after another.</summary>
public sealed class PaymentJournalGroupCommitTests : IDisposable
{
    // The journal on a real SQLite file, as the payments core has it.
    private readonly PaymentsHarness _h = new();

    private PaymentJournal Journal => _h.Journal;

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task ConcurrentCreates_OnOneTerminal_ExactlyOneIsInsertedAndTheOthersSeeItBusy()
    {
        var entries = Enumerable.Range(0, 32).Select(_ => Entry("7")).ToArray();

        var results = await Task.WhenAll(entries.Select(e => Task.Run(() => Journal.TryBeginCreateAsync(e, null, "h", CancellationToken.None))));

        var inserted = Assert.Single(results.Select((r, i) => (r, i)), x => x.r is CreateResult.Created);
        var winner = entries[inserted.i].Payment.Id;
        Assert.All(results.Where(r => r is not CreateResult.Created),
            r => Assert.Equal(winner, Assert.IsType<CreateResult.TerminalBusy>(r).PaymentId));
    }

    [Fact]
    public async Task ConcurrentCreates_OnDistinctTerminals_EachIsReadableOnceAnswered()
    {
        var entries = Enumerable.Range(0, 64).Select(i => Entry($"t{i}")).ToArray();

        var found = await Task.WhenAll(entries.Select(e => Task.Run(async () =>
        {
            var result = await Journal.TryBeginCreateAsync(e, null, "h", CancellationToken.None);
            return (result, await Journal.GetAsync(e.Payment.Id, CancellationToken.None));
        })));

        Assert.All(found, f => Assert.IsType<CreateResult.Created>(f.result));
        Assert.All(found, f => Assert.NotNull(f.Item2));
    }

    [Fact]
    public async Task FailingWrite_AmongConcurrentOnes_FailsAloneAndTheOthersAreCommitted()
    {
        var existing = Entry("dup");
        await Journal.TryBeginCreateAsync(existing, null, "h", CancellationToken.None);
        var duplicate = Entry("other") with { Payment = Entry("other").Payment with { Id = existing.Payment.Id } };
        var others = Enumerable.Range(0, 16).Select(i => Entry($"ok{i}")).ToArray();

        var failing = Task.Run(() => Journal.TryBeginCreateAsync(duplicate, null, "h", CancellationToken.None));
        var fine = await Task.WhenAll(others.Select(e => Task.Run(() => Journal.TryBeginCreateAsync(e, null, "h", CancellationToken.None))));

        await Assert.ThrowsAsync<SqliteException>(() => failing);
        Assert.All(fine, r => Assert.IsType<CreateResult.Created>(r));
        foreach (var e in others)
        {
            Assert.NotNull(await Journal.GetAsync(e.Payment.Id, CancellationToken.None));
        }
    }

    private static JournalEntry Entry(string terminal)
    {
        var now = new DateTimeOffset(2026, 11, 28, 7, 0, 0, TimeSpan.Zero);
        return new JournalEntry(new Payment
        {
            Id = Guid.NewGuid().ToString("N"),
            Status = PaymentStatus.Pending,
            TerminalId = terminal,
            Amount = 10m,
            PaymentSystem = PaymentSystem.Sbp,
            PaymentTypeCode = 5,
            CreatedAt = now,
            Deadline = now.AddMinutes(3),
            Version = 1,
        }, new LifecycleState { MaxStatusErrors = 3 });
    }
}
