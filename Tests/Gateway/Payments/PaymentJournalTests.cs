using Gateway.Journal;
using Gateway.Payments;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Gateway.Payments;

public sealed class PaymentJournalTests : IDisposable
{
    private readonly PaymentsHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void Journal_Durability_WalWithSynchronousFull()
    {
        var (mode, synchronous) = _h.Journal.ReadDurability();

        Assert.Equal("wal", mode);
        Assert.Equal(2, synchronous); // FULL
    }

    [Fact]
    public async Task Update_FinalStateCanNeverBeLeft()
    {
        var payment = await _h.CreateAsync();
        _h.Client.Statuses.Enqueue(ScriptedWebMoneyClient.Status(WireStatus.Paid));
        await _h.AdvanceAsync(TimeSpan.FromSeconds(5));
        var paid = await _h.EntryAsync(payment.Id);

        var reopened = paid with { Payment = paid.Payment with { Status = PaymentStatus.Pending, Version = paid.Payment.Version + 1 } };
        var written = await _h.Journal.TryUpdateAsync(reopened, paid.Payment.Version, CancellationToken.None);

        Assert.False(written);
        Assert.Equal(PaymentStatus.Paid, (await _h.GetAsync(payment.Id)).Status);
    }

    [Fact]
    public async Task Update_StaleVersion_WritesNothing()
    {
        var payment = await _h.CreateAsync();
        var entry = await _h.EntryAsync(payment.Id);

        var stale = entry with { Payment = entry.Payment with { Status = PaymentStatus.Declined, Version = 99 } };
        var written = await _h.Journal.TryUpdateAsync(stale, entry.Payment.Version - 1, CancellationToken.None);

        Assert.False(written);
        Assert.Equal(PaymentStatus.Pending, (await _h.GetAsync(payment.Id)).Status);
    }

    [Fact]
    public async Task Idempotency_SameKeySameBody_ReturnsTheOriginalPayment()
    {
        var first = await _h.CreateAsync(key: "key-1");

        var replay = await _h.Service.CreateAsync(PaymentsHarness.Request(), "key-1", CancellationToken.None);

        Assert.Equal(first.Id, Assert.IsType<CreateResult.Replayed>(replay).Payment!.Id);
        Assert.Equal(1, _h.Client.CountOf(PosApi.CreateQrPayment));
    }

    [Fact]
    public async Task Idempotency_SameKeyOtherBody_Refused()
    {
        await _h.CreateAsync(key: "key-1");

        var other = await _h.Service.CreateAsync(PaymentsHarness.Request(amount: 10m), "key-1", CancellationToken.None);

        Assert.IsType<CreateResult.KeyReused>(other);
        Assert.Equal(1, _h.Client.CountOf(PosApi.CreateQrPayment));
    }

    [Fact]
    public async Task Idempotency_KeyOlderThan24Hours_StartsANewPayment()
    {
        var first = await _h.CreateAsync(key: "key-1");
        await _h.Service.CancelAsync(first.Id, CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));

        var again = await _h.CreateAsync(key: "key-1");

        Assert.NotEqual(first.Id, again.Id);
    }

    [Fact]
    public async Task Idempotency_TwoConcurrentPostsWithOneKey_OnePayment()
    {
        var tasks = Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => _h.Service.CreateAsync(PaymentsHarness.Request(), "same-key", CancellationToken.None)))
            .ToArray();

        var results = await Task.WhenAll(tasks);

        var ids = results.Select(r => r switch
        {
            CreateResult.Created c => c.Payment.Id,
            CreateResult.Replayed { Payment: { } p } => p.Id,
            _ => throw new InvalidOperationException(r.ToString()),
        }).Distinct().ToList();
        Assert.Single(ids);
        Assert.Equal(1, _h.Client.CountOf(PosApi.CreateQrPayment));
    }

    [Fact]
    public async Task TerminalBusy_SecondPaymentOnTheSameTerminal_RefusedWithThePendingId()
    {
        var first = await _h.CreateAsync();

        var second = await _h.Service.CreateAsync(PaymentsHarness.Request(amount: 5m), null, CancellationToken.None);
        var elsewhere = await _h.Service.CreateAsync(PaymentsHarness.Request(amount: 5m, terminal: "2"), null, CancellationToken.None);

        Assert.Equal(first.Id, Assert.IsType<CreateResult.TerminalBusy>(second).PaymentId);
        Assert.IsType<CreateResult.Created>(elsewhere);
    }

    [Fact]
    public async Task List_NewestFirstWithCursor_WalksEveryPaymentOnce()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await _h.CreateAsync(PaymentsHarness.Request(terminal: "T" + i))).Id);
            _h.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var seen = new List<string>();
        (DateTimeOffset, string)? after = null;
        do
        {
            var page = await _h.Journal.ListAsync(new JournalQuery(null, null, null, null, false, 2, after), CancellationToken.None);
            seen.AddRange(page.Items.Select(p => p.Id));
            after = page.Last is { } last ? (last.CreatedAt, last.Id) : null;
        }
        while (after is not null);

        ids.Reverse();
        Assert.Equal(ids, seen);
    }
}
