using Gateway.Storage;

namespace Tests.Gateway.Storage;

/// <summary>
/// The storage port's contract (docs/storage.md), written against the interfaces only: every provider runs it
/// unchanged by deriving a class that hands over its stores on a fresh, empty storage (<see cref="CreateStoresAsync"/>),
/// as <see cref="SqliteStorageContractTests"/> does. What a second provider must get right: idempotency, one pending
/// payment per terminal, versioned updates that never leave a final state, the refund limits under concurrency, the
/// day's sums, the reconciliation reads and the history's collapse rule. Payments here: see <c>.Refunds</c> and
/// <c>.Reports</c> for the rest.
/// </summary>
public abstract partial class StorageContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    private StorageUnderTest? _stores;

    protected IPaymentStore Payments => Stores.Payments;

    protected IRefundStore Refunds => Stores.Refunds;

    protected IReportStore Reports => Stores.Reports;

    protected IHistoryStore History => Stores.History;

    private StorageUnderTest Stores => _stores ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>The provider's four stores on a fresh, empty storage; one per test, disposed after it.</summary>
    protected abstract Task<StorageUnderTest> CreateStoresAsync();

    public async Task InitializeAsync() => _stores = await CreateStoresAsync();

    public async Task DisposeAsync()
    {
        if (_stores is not null)
        {
            await _stores.DisposeAsync();
        }
    }

    [Fact]
    public async Task Create_NewPayment_ReadsBackAsWritten()
    {
        var entry = Pending("p1", "T1", T0) with { State = new LifecycleState { MaxStatusErrors = 4, CreateMayHaveArrived = true, CancelRequested = EndReason.Cashier } };

        var created = await Payments.TryBeginCreateAsync(entry, "key-1", "hash-1", CancellationToken.None);

        Assert.Equal(entry.Payment, Assert.IsType<CreateResult.Created>(created).Payment);
        Assert.Equal(entry, await Payments.GetAsync("p1", CancellationToken.None));
        Assert.Equal(entry, await Payments.ReloadAsync("p1", CancellationToken.None));
        Assert.Null(await Payments.GetAsync("nope", CancellationToken.None));
    }

    [Fact]
    public async Task Create_SameKeySameBody_ReplaysTheOriginal_WritesNothing()
    {
        await Payments.TryBeginCreateAsync(Pending("p1", "T1", T0), "key-1", "hash-1", CancellationToken.None);

        var replay = await Payments.TryBeginCreateAsync(Pending("p2", "T2", T0.AddMinutes(1)), "key-1", "hash-1", CancellationToken.None);

        Assert.Equal("p1", Assert.IsType<CreateResult.Replayed>(replay).PaymentId);
        Assert.Null(await Payments.GetAsync("p2", CancellationToken.None));
        Assert.Equal(("p1", "hash-1"), await Payments.FindIdempotencyAsync("key-1", T0.AddMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task Create_KeyReusedWithAnotherBody_Refused_WritesNothing()
    {
        await Payments.TryBeginCreateAsync(Pending("p1", "T1", T0), "key-1", "hash-1", CancellationToken.None);

        var reused = await Payments.TryBeginCreateAsync(Pending("p2", "T2", T0.AddMinutes(1)), "key-1", "hash-2", CancellationToken.None);

        Assert.Equal("p1", Assert.IsType<CreateResult.KeyReused>(reused).PaymentId);
        Assert.Null(await Payments.GetAsync("p2", CancellationToken.None));
    }

    [Fact]
    public async Task Create_KeyOlderThanTheWindow_IsForgotten_AndCreatesANewPayment()
    {
        await Payments.TryBeginCreateAsync(Pending("p1", "T1", T0), "key-1", "hash-1", CancellationToken.None);
        var later = T0 + IPaymentStore.IdempotencyWindow + TimeSpan.FromMinutes(1);

        var found = await Payments.FindIdempotencyAsync("key-1", later, CancellationToken.None);
        var created = await Payments.TryBeginCreateAsync(Pending("p2", "T2", later), "key-1", "hash-1", CancellationToken.None);

        Assert.Null(found);
        Assert.IsType<CreateResult.Created>(created);
        Assert.Equal(("p2", "hash-1"), await Payments.FindIdempotencyAsync("key-1", later, CancellationToken.None));
    }

    [Fact]
    public async Task PruneIdempotency_ForgetsOnlyKeysOlderThanTheWindow()
    {
        await Payments.TryBeginCreateAsync(Pending("p1", "T1", T0), "old", "h", CancellationToken.None);
        await Payments.TryBeginCreateAsync(Pending("p2", "T2", T0.AddHours(20)), "new", "h", CancellationToken.None);

        await Payments.PruneIdempotencyAsync(T0.AddHours(25), CancellationToken.None);

        Assert.Null(await Payments.FindIdempotencyAsync("old", T0.AddHours(1), CancellationToken.None));
        Assert.Equal(("p2", "h"), await Payments.FindIdempotencyAsync("new", T0.AddHours(21), CancellationToken.None));
    }

    [Fact]
    public async Task Create_TerminalWithAPendingPayment_IsBusy_UntilThatOneEnds()
    {
        await Payments.TryBeginCreateAsync(Pending("p1", "T1", T0), null, "h", CancellationToken.None);

        var busy = await Payments.TryBeginCreateAsync(Pending("p2", "T1", T0.AddSeconds(1)), "key-2", "h", CancellationToken.None);
        var otherTerminal = await Payments.TryBeginCreateAsync(Pending("p3", "T2", T0.AddSeconds(1)), null, "h", CancellationToken.None);
        await EndAsync("p1", PaymentStatus.Declined, T0.AddSeconds(2));
        var afterEnd = await Payments.TryBeginCreateAsync(Pending("p4", "T1", T0.AddSeconds(3)), "key-2", "h", CancellationToken.None);

        Assert.Equal("p1", Assert.IsType<CreateResult.TerminalBusy>(busy).PaymentId);
        Assert.IsType<CreateResult.Created>(otherTerminal);
        Assert.IsType<CreateResult.Created>(afterEnd);
        Assert.Equal(("p4", "h"), await Payments.FindIdempotencyAsync("key-2", T0.AddSeconds(3), CancellationToken.None));
    }

    [Fact]
    public async Task Create_ConcurrentOnOneTerminal_ExactlyOneCreated()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => Payments.TryBeginCreateAsync(Pending($"p{i}", "T1", T0.AddMilliseconds(i)), null, "h", CancellationToken.None))));

        Assert.Single(results.OfType<CreateResult.Created>());
        Assert.Equal(7, results.OfType<CreateResult.TerminalBusy>().Count());
    }

    [Fact]
    public async Task Update_CurrentVersion_Commits_StaleVersion_WritesNothing()
    {
        var entry = Pending("p1", "T1", T0);
        await Payments.TryBeginCreateAsync(entry, null, "h", CancellationToken.None);
        var qr = entry with { Payment = entry.Payment with { QrPayload = "qr", TransactionId = "tx-1", Version = 2 }, State = entry.State with { TechnicalErrors = 2 } };
        var stale = entry with { Payment = entry.Payment with { Status = PaymentStatus.Declined, Version = 2 } };

        var written = await Payments.TryUpdateAsync(qr, 1, CancellationToken.None);
        var refused = await Payments.TryUpdateAsync(stale, 1, CancellationToken.None);

        Assert.True(written);
        Assert.False(refused);
        Assert.Equal(qr, await Payments.GetAsync("p1", CancellationToken.None));
        Assert.Equal(qr, await Payments.ReloadAsync("p1", CancellationToken.None));
    }

    [Fact]
    public async Task Update_FinalPayment_NeverGoesBackToPending_ButMayChangeKeepingItsStatus()
    {
        await Payments.TryBeginCreateAsync(Pending("p1", "T1", T0), null, "h", CancellationToken.None);
        var ended = await EndAsync("p1", PaymentStatus.TimedOut, T0.AddMinutes(2), unresolved: true);

        var reopened = await Payments.TryUpdateAsync(ended with { Payment = ended.Payment with { Status = PaymentStatus.Pending, Version = 3 } }, 2, CancellationToken.None);
        var paid = await Payments.TryUpdateAsync(ended with { Payment = ended.Payment with { Status = PaymentStatus.Paid, Version = 3 } }, 2, CancellationToken.None);
        var resolved = ended with { Payment = ended.Payment with { Unresolved = false, Version = 3 }, State = ended.State with { Rechecks = 4 } };
        var kept = await Payments.TryUpdateAsync(resolved, 2, CancellationToken.None);

        Assert.False(reopened);
        Assert.False(paid);
        Assert.True(kept);
        Assert.Equal(resolved, await Payments.ReloadAsync("p1", CancellationToken.None));
    }

    [Fact]
    public async Task MarkLatePaid_OnlyAFinalNotPaidPayment_Once_KeepingItsStatus()
    {
        await Payments.TryBeginCreateAsync(Pending("timedOut", "T1", T0), null, "h", CancellationToken.None);
        await EndAsync("timedOut", PaymentStatus.TimedOut, T0.AddMinutes(2), unresolved: true);
        await Payments.TryBeginCreateAsync(Pending("paid", "T2", T0), null, "h", CancellationToken.None);
        await EndAsync("paid", PaymentStatus.Paid, T0.AddMinutes(1));
        await Payments.TryBeginCreateAsync(Pending("pending", "T3", T0), null, "h", CancellationToken.None);

        var marked = await Payments.MarkLatePaidAsync("timedOut", CancellationToken.None);
        var again = await Payments.MarkLatePaidAsync("timedOut", CancellationToken.None);

        Assert.NotNull(marked);
        Assert.True(marked.Payment.LatePaid);
        Assert.False(marked.Payment.Unresolved);
        Assert.Equal(PaymentStatus.TimedOut, marked.Payment.Status);
        Assert.Equal(3, marked.Payment.Version);
        Assert.Equal(marked, await Payments.ReloadAsync("timedOut", CancellationToken.None));
        Assert.Null(again);
        Assert.Null(await Payments.MarkLatePaidAsync("paid", CancellationToken.None));
        Assert.Null(await Payments.MarkLatePaidAsync("pending", CancellationToken.None));
        Assert.Null(await Payments.MarkLatePaidAsync("none", CancellationToken.None));
    }

    protected static JournalEntry Pending(string id, string terminal, DateTimeOffset at, decimal amount = 100m,
        PaymentSystem system = PaymentSystem.Sbp, bool sandbox = false) =>
        new(new Payment
        {
            Id = id, Status = PaymentStatus.Pending, TerminalId = terminal, ReceiptId = "r-" + id, Description = "Покупка",
            Amount = amount, PaymentSystem = system, PaymentTypeCode = 5, CreatedAt = at, Deadline = at.AddMinutes(2),
            Sandbox = sandbox, PosNumber = "POS-" + terminal, Version = 1,
        }, new LifecycleState { MaxStatusErrors = 3 });

    /// <summary>Ends the pending payment <paramref name="id"/> at <paramref name="at"/> (its transaction: tx-id).</summary>
    protected async Task<JournalEntry> EndAsync(string id, PaymentStatus status, DateTimeOffset at, bool unresolved = false)
    {
        var entry = (await Payments.ReloadAsync(id, CancellationToken.None))!;
        var ended = entry with
        {
            Payment = entry.Payment with
            {
                Status = status, TransactionId = "tx-" + id, CompletedAt = at, Unresolved = unresolved, Version = entry.Payment.Version + 1,
                Error = status == PaymentStatus.Paid ? null : new PaymentError(PaymentErrorCodes.Declined, "Оплата отклонена"),
            },
        };
        Assert.True(await Payments.TryUpdateAsync(ended, entry.Payment.Version, CancellationToken.None));
        return ended;
    }
}

/// <summary>What a provider hands <see cref="StorageContractTests"/>: its stores on a fresh storage, and how to let it go.</summary>
public sealed class StorageUnderTest(IPaymentStore payments, IRefundStore refunds, IReportStore reports, IHistoryStore history,
    Func<ValueTask> dispose) : IAsyncDisposable
{
    public IPaymentStore Payments { get; } = payments;

    public IRefundStore Refunds { get; } = refunds;

    public IReportStore Reports { get; } = reports;

    public IHistoryStore History { get; } = history;

    public ValueTask DisposeAsync() => dispose();
}
