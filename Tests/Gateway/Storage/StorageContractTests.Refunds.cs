using Gateway.Storage;

namespace Tests.Gateway.Storage;

/// <summary>The refunds' part of the contract: reservation limits, idempotency, versioned updates and totals.</summary>
public abstract partial class StorageContractTests
{
    [Fact]
    public async Task Reserve_PaidPayment_InsertsAPendingRefund_WholeAmountWhenNoneGiven()
    {
        await PaidPaymentAsync("p1", 100m);

        var part = await Refunds.TryReserveAsync(Draft("r1", "p1", 30m), CancellationToken.None);
        var rest = await Refunds.TryReserveAsync(Draft("r2", "p1", null), CancellationToken.None);

        var first = Assert.IsType<ReserveResult.Inserted>(part).Refund;
        Assert.Equal(("r1", "p1", "tx-p1", 30m, "RUB", RefundStatus.Pending), (first.Id, first.PaymentId, first.TransactionId, first.Amount, first.Currency, first.Status));
        Assert.Equal(70m, Assert.IsType<ReserveResult.Inserted>(rest).Refund.Amount);
        Assert.Equal(first, await Refunds.GetAsync("r1", CancellationToken.None));
        Assert.Null(await Refunds.GetAsync("none", CancellationToken.None));
    }

    [Fact]
    public async Task Reserve_MoreThanIsLeft_RefusedWithWhatIsRefundable_WritesNothing()
    {
        await PaidPaymentAsync("p1", 100m);
        await Refunds.TryReserveAsync(Draft("r1", "p1", 60m), CancellationToken.None);

        var exceeds = await Refunds.TryReserveAsync(Draft("r2", "p1", 50m), CancellationToken.None);

        Assert.Equal(40m, Assert.IsType<ReserveResult.Exceeds>(exceeds).Refundable);
        Assert.Null(await Refunds.GetAsync("r2", CancellationToken.None));
    }

    [Fact]
    public async Task Reserve_PaymentNotPaidOrMissing_Refused_LatePaidIsRefundable()
    {
        await Payments.TryBeginCreateAsync(Pending("pending", "T1", T0), null, "h", CancellationToken.None);
        await Payments.TryBeginCreateAsync(Pending("late", "T2", T0), null, "h", CancellationToken.None);
        await EndAsync("late", PaymentStatus.TimedOut, T0.AddMinutes(2));
        var timedOut = await Refunds.TryReserveAsync(Draft("r0", "late", 10m), CancellationToken.None);
        await Payments.MarkLatePaidAsync("late", CancellationToken.None);

        var notPaid = await Refunds.TryReserveAsync(Draft("r1", "pending", 10m), CancellationToken.None);
        var missing = await Refunds.TryReserveAsync(Draft("r2", "none", 10m), CancellationToken.None);
        var latePaid = await Refunds.TryReserveAsync(Draft("r3", "late", 10m), CancellationToken.None);

        Assert.Equal(nameof(PaymentStatus.TimedOut), Assert.IsType<ReserveResult.NotPaid>(timedOut).Status);
        Assert.Equal(nameof(PaymentStatus.Pending), Assert.IsType<ReserveResult.NotPaid>(notPaid).Status);
        Assert.IsType<ReserveResult.PaymentNotFound>(missing);
        Assert.IsType<ReserveResult.Inserted>(latePaid);
    }

    [Fact]
    public async Task Reserve_NotConfigured_RefusedAfterTheLimitsAreChecked_WritesNothing()
    {
        await PaidPaymentAsync("p1", 100m);

        var tooMuch = await Refunds.TryReserveAsync(Draft("r1", "p1", 200m) with { Configured = false }, CancellationToken.None);
        var notConfigured = await Refunds.TryReserveAsync(Draft("r2", "p1", 10m) with { Configured = false }, CancellationToken.None);

        Assert.IsType<ReserveResult.Exceeds>(tooMuch);
        Assert.IsType<ReserveResult.NotConfigured>(notConfigured);
        Assert.Empty(await Refunds.ListForPaymentAsync("p1", CancellationToken.None));
    }

    [Fact]
    public async Task Reserve_SameKey_ReplaysOrIsRefusedAsReused_UntilTheWindowPasses()
    {
        await PaidPaymentAsync("p1", 100m);
        await Refunds.TryReserveAsync(Draft("r1", "p1", 10m, key: "k", hash: "h1"), CancellationToken.None);

        var replay = await Refunds.TryReserveAsync(Draft("r2", "p1", 10m, key: "k", hash: "h1"), CancellationToken.None);
        var reused = await Refunds.TryReserveAsync(Draft("r3", "p1", 20m, key: "k", hash: "h2"), CancellationToken.None);
        var later = await Refunds.TryReserveAsync(Draft("r4", "p1", 10m, key: "k", hash: "h1") with
        {
            Now = T0.AddMinutes(11) + IPaymentStore.IdempotencyWindow,
        }, CancellationToken.None);

        Assert.Equal("r1", Assert.IsType<ReserveResult.Replay>(replay).RefundId);
        Assert.Equal("r1", Assert.IsType<ReserveResult.KeyReused>(reused).RefundId);
        Assert.IsType<ReserveResult.Inserted>(later);
        Assert.Equal(["r1", "r4"], (await Refunds.ListForPaymentAsync("p1", CancellationToken.None)).Select(r => r.Id));
    }

    [Fact]
    public async Task Reserve_ConcurrentForTheFullAmount_ExactlyOneAccepted()
    {
        await PaidPaymentAsync("p1", 100m);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => Refunds.TryReserveAsync(Draft($"r{i}", "p1", 100m), CancellationToken.None))));

        Assert.Single(results.OfType<ReserveResult.Inserted>());
        Assert.All(results.OfType<ReserveResult.Exceeds>(), e => Assert.Equal(0m, e.Refundable));
        Assert.Equal(7, results.OfType<ReserveResult.Exceeds>().Count());
    }

    [Fact]
    public async Task Update_PendingRefund_Versioned_AndAFinalOneOnlyCorrectedFromFailed()
    {
        await PaidPaymentAsync("p1", 100m);
        var pending = Assert.IsType<ReserveResult.Inserted>(await Refunds.TryReserveAsync(Draft("r1", "p1", 40m), CancellationToken.None)).Refund;
        var failed = pending with
        {
            Status = RefundStatus.Failed, RefundTransactionId = "rtx-1", CompletedAt = T0.AddMinutes(11), Version = 2,
            Error = new PaymentError(RefundErrorCodes.WebMoneyRejected, "Отказ"), TechnicalErrors = 1, Checks = 2, MayHaveArrived = true,
        };

        var stale = await Refunds.TryUpdateAsync(failed with { Version = 3 }, 7, CancellationToken.None);
        var written = await Refunds.TryUpdateAsync(failed, 1, CancellationToken.None);
        var afterFinal = await Refunds.TryUpdateAsync(failed with { Status = RefundStatus.Pending, Version = 3 }, 2, CancellationToken.None);
        var succeeded = failed with { Status = RefundStatus.Succeeded, Error = null, Version = 3 };
        var corrected = await Refunds.TryCorrectFailedAsync(succeeded, 2, CancellationToken.None);
        var correctedAgain = await Refunds.TryCorrectFailedAsync(succeeded with { Version = 4 }, 3, CancellationToken.None);

        Assert.False(stale);
        Assert.True(written);
        Assert.False(afterFinal);
        Assert.True(corrected);
        Assert.False(correctedAgain);
        Assert.Equal(succeeded, await Refunds.GetAsync("r1", CancellationToken.None));
    }

    [Fact]
    public async Task Totals_SucceededAndReserved_FailedNotCounted()
    {
        await PaidPaymentAsync("p1", 100m);
        await PaidPaymentAsync("p2", 50m, terminal: "T2");
        var done = await ReserveAndEndAsync("r1", "p1", 10m, RefundStatus.Succeeded);
        await ReserveAndEndAsync("r2", "p1", 20m, RefundStatus.Failed);
        await Refunds.TryReserveAsync(Draft("r3", "p1", 5m), CancellationToken.None);

        var totals = await Refunds.TotalsForAsync(["p1", "p2", "none"], CancellationToken.None);

        Assert.Equal(new RefundTotals(10m, 15m), totals["p1"]);
        Assert.False(totals.ContainsKey("p2"));
        Assert.Empty(await Refunds.TotalsForAsync([], CancellationToken.None));
        Assert.Equal(RefundStatus.Succeeded, done.Status);
    }

    [Fact]
    public async Task Lists_ByPaymentOldestFirst_ActiveArePending_AttentionAreUnresolved_NewestFirst()
    {
        await PaidPaymentAsync("p1", 100m);
        await ReserveAndEndAsync("r1", "p1", 10m, RefundStatus.Succeeded);
        var unresolved = Assert.IsType<ReserveResult.Inserted>(await Refunds.TryReserveAsync(Draft("r2", "p1", 10m, at: T0.AddMinutes(11)), CancellationToken.None)).Refund;
        await Refunds.TryUpdateAsync(unresolved with { Unresolved = true, Version = 2 }, 1, CancellationToken.None);
        await Refunds.TryReserveAsync(Draft("r3", "p1", 10m, at: T0.AddMinutes(12)), CancellationToken.None);

        var forPayment = await Refunds.ListForPaymentAsync("p1", CancellationToken.None);
        var active = await Refunds.LoadActiveAsync(CancellationToken.None);
        var all = await Refunds.ListAsync(attention: false, limit: 2, CancellationToken.None);
        var attention = await Refunds.ListAsync(attention: true, limit: 50, CancellationToken.None);

        Assert.Equal(["r1", "r2", "r3"], forPayment.Select(r => r.Id));
        Assert.Equal(["r2", "r3"], active.Select(r => r.Id).Order());
        Assert.Equal(["r3", "r2"], all.Select(r => r.Id));
        Assert.Equal(["r2"], attention.Select(r => r.Id));
    }

    [Fact]
    public async Task IdentityOf_ThePosNumberAndTerminalThePaymentWentOutUnder()
    {
        await PaidPaymentAsync("p1", 100m, terminal: "T7");

        Assert.Equal(new PaymentIdentity("POS-T7", "T7"), await Refunds.IdentityOfAsync("p1", CancellationToken.None));
        Assert.Null(await Refunds.IdentityOfAsync("none", CancellationToken.None));
    }

    [Fact]
    public async Task ListNotSucceededMadeBetween_ByTheDayTheRefundWasMade_OfOneMode()
    {
        await PaidPaymentAsync("live", 100m);
        await PaidPaymentAsync("sandbox", 100m, terminal: "T2", sandbox: true);
        await Refunds.TryReserveAsync(Draft("before", "live", 1m, at: T0.AddMinutes(5)), CancellationToken.None);
        await ReserveAndEndAsync("failed", "live", 1m, RefundStatus.Failed, at: T0.AddHours(1));
        await ReserveAndEndAsync("succeeded", "live", 1m, RefundStatus.Succeeded, at: T0.AddHours(1));
        await Refunds.TryReserveAsync(Draft("pending", "live", 1m, at: T0.AddHours(2)), CancellationToken.None);
        await Refunds.TryReserveAsync(Draft("of-sandbox", "sandbox", 1m, at: T0.AddHours(2)), CancellationToken.None);
        await Refunds.TryReserveAsync(Draft("after", "live", 1m, at: T0.AddHours(3)), CancellationToken.None);

        var live = await Refunds.ListNotSucceededMadeBetweenAsync(T0.AddMinutes(30), T0.AddHours(3), sandbox: false, CancellationToken.None);
        var sandbox = await Refunds.ListNotSucceededMadeBetweenAsync(T0.AddMinutes(30), T0.AddHours(3), sandbox: true, CancellationToken.None);

        Assert.Equal(["failed", "pending"], live.Select(r => r.Id));
        Assert.Equal(["of-sandbox"], sandbox.Select(r => r.Id));
    }

    /// <summary>A payment paid at T0 + 1 min (transaction tx-id).</summary>
    protected async Task PaidPaymentAsync(string id, decimal amount, string terminal = "T1", bool sandbox = false,
        PaymentSystem system = PaymentSystem.Sbp, DateTimeOffset? paidAt = null)
    {
        var created = await Payments.TryBeginCreateAsync(Pending(id, terminal, T0, amount, system, sandbox), null, "h", CancellationToken.None);
        Assert.IsType<CreateResult.Created>(created);
        await EndAsync(id, PaymentStatus.Paid, paidAt ?? T0.AddMinutes(1));
    }

    protected static RefundDraft Draft(string id, string paymentId, decimal? amount, string? key = null, string hash = "h", DateTimeOffset? at = null) =>
        new(id, paymentId, amount, "Возврат товара", key, hash, at ?? T0.AddMinutes(10), MaxStatusErrors: 3, Configured: true);

    /// <summary>Reserves and ends a refund, completed a minute after it was made.</summary>
    protected async Task<Refund> ReserveAndEndAsync(string id, string paymentId, decimal amount, RefundStatus status, DateTimeOffset? at = null)
    {
        var made = at ?? T0.AddMinutes(10);
        var refund = Assert.IsType<ReserveResult.Inserted>(await Refunds.TryReserveAsync(Draft(id, paymentId, amount, at: made), CancellationToken.None)).Refund;
        var ended = refund with
        {
            Status = status, RefundTransactionId = "rtx-" + id, CompletedAt = made.AddMinutes(1), Version = 2,
            Error = status == RefundStatus.Failed ? new PaymentError(RefundErrorCodes.Declined, "Отклонён") : null,
        };
        Assert.True(await Refunds.TryUpdateAsync(ended, 1, CancellationToken.None));
        return ended;
    }
}
