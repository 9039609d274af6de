using Gateway.Storage;

namespace Tests.Gateway.Storage;

/// <summary>The reads' part of the contract: payments by terminal, transaction and activity, the list, the day's sums, reconciliation and the history.</summary>
public abstract partial class StorageContractTests
{
    [Fact]
    public async Task GetLatestForTerminal_PendingFirst_ElseTheMostRecent()
    {
        await Payments.TryBeginCreateAsync(Pending("old", "T1", T0), null, "h", CancellationToken.None);
        await EndAsync("old", PaymentStatus.Paid, T0.AddMinutes(1));
        await Payments.TryBeginCreateAsync(Pending("newer", "T1", T0.AddMinutes(2)), null, "h", CancellationToken.None);
        await EndAsync("newer", PaymentStatus.Cancelled, T0.AddMinutes(3));

        var latest = await Payments.GetLatestForTerminalAsync("T1", CancellationToken.None);
        await Payments.TryBeginCreateAsync(Pending("pending", "T1", T0.AddMinutes(4)), null, "h", CancellationToken.None);
        var pending = await Payments.GetLatestForTerminalAsync("T1", CancellationToken.None);

        Assert.Equal("newer", latest!.Payment.Id);
        Assert.Equal("pending", pending!.Payment.Id);
        Assert.Null(await Payments.GetLatestForTerminalAsync("T9", CancellationToken.None));
    }

    [Fact]
    public async Task LoadActive_PendingAndUnresolvedEndings_NotTheSettledOnes()
    {
        await Payments.TryBeginCreateAsync(Pending("pending", "T1", T0), null, "h", CancellationToken.None);
        await Payments.TryBeginCreateAsync(Pending("unresolved", "T2", T0), null, "h", CancellationToken.None);
        await EndAsync("unresolved", PaymentStatus.Failed, T0.AddMinutes(1), unresolved: true);
        await Payments.TryBeginCreateAsync(Pending("declined", "T3", T0), null, "h", CancellationToken.None);
        await EndAsync("declined", PaymentStatus.Declined, T0.AddMinutes(1));

        var active = await Payments.LoadActiveAsync(CancellationToken.None);

        Assert.Equal(["pending", "unresolved"], active.Select(e => e.Payment.Id).Order());
    }

    [Fact]
    public async Task FindByTransaction_AnswersThePaymentOfThatTransaction()
    {
        await Payments.TryBeginCreateAsync(Pending("p1", "T1", T0), null, "h", CancellationToken.None);
        await EndAsync("p1", PaymentStatus.Paid, T0.AddMinutes(1));

        Assert.Equal("p1", await Payments.FindByTransactionAsync("tx-p1", CancellationToken.None));
        Assert.Null(await Payments.FindByTransactionAsync("tx-none", CancellationToken.None));
    }

    [Fact]
    public async Task List_NewestFirst_PagedAfterTheLastOne()
    {
        for (var i = 0; i < 5; i++)
        {
            await Payments.TryBeginCreateAsync(Pending($"p{i}", $"T{i}", T0.AddMinutes(i)), null, "h", CancellationToken.None);
        }

        var first = await Payments.ListAsync(Query(limit: 2), CancellationToken.None);
        var second = await Payments.ListAsync(Query(limit: 2) with { After = (first.Last!.CreatedAt, first.Last.Id) }, CancellationToken.None);
        var third = await Payments.ListAsync(Query(limit: 2) with { After = (second.Last!.CreatedAt, second.Last.Id) }, CancellationToken.None);

        Assert.Equal(["p4", "p3"], first.Items.Select(p => p.Id));
        Assert.Equal(["p2", "p1"], second.Items.Select(p => p.Id));
        Assert.Equal(["p0"], third.Items.Select(p => p.Id));
        Assert.Null(third.Last);
    }

    [Fact]
    public async Task List_Filters_StatusTerminalPeriodSystemAttention()
    {
        await PaidPaymentAsync("paid", 100m, terminal: "T1");
        await Payments.TryBeginCreateAsync(Pending("wechat", "T2", T0.AddMinutes(5), system: PaymentSystem.WeChat), null, "h", CancellationToken.None);
        await Payments.TryBeginCreateAsync(Pending("unresolved", "T3", T0.AddMinutes(10)), null, "h", CancellationToken.None);
        await EndAsync("unresolved", PaymentStatus.Failed, T0.AddMinutes(12), unresolved: true);
        await Payments.TryBeginCreateAsync(Pending("late", "T4", T0.AddMinutes(20)), null, "h", CancellationToken.None);
        await EndAsync("late", PaymentStatus.TimedOut, T0.AddMinutes(22));
        await Payments.MarkLatePaidAsync("late", CancellationToken.None);

        async Task<IEnumerable<string>> Ids(JournalQuery query) => (await Payments.ListAsync(query, CancellationToken.None)).Items.Select(p => p.Id);

        Assert.Equal(["paid"], await Ids(Query() with { Status = PaymentStatus.Paid }));
        Assert.Equal(["wechat"], await Ids(Query() with { TerminalId = "T2" }));
        Assert.Equal(["unresolved", "wechat"], await Ids(Query() with { From = T0.AddMinutes(5), To = T0.AddMinutes(20) }));
        Assert.Equal(["wechat"], await Ids(Query() with { PaymentSystem = PaymentSystem.WeChat }));
        Assert.Equal(["late", "unresolved"], await Ids(Query() with { Attention = true }));
    }

    [Fact]
    public async Task DaySums_PaidAndLatePaidByCompletion_RefundsBySuccess_OneMode_WithAttention()
    {
        var from = T0;
        var to = T0.AddDays(1);
        await PaidPaymentAsync("a", 100.10m, terminal: "T1");
        await PaidPaymentAsync("b", 0.90m, terminal: "T1", paidAt: T0.AddMinutes(2));
        await PaidPaymentAsync("c", 50m, terminal: "T2", system: PaymentSystem.Alipay);
        await PaidPaymentAsync("sandbox", 999m, terminal: "T3", sandbox: true);
        await PaidPaymentAsync("yesterday", 7m, terminal: "T4", paidAt: T0.AddMinutes(-1));
        await Payments.TryBeginCreateAsync(Pending("late", "T5", T0), null, "h", CancellationToken.None);
        await EndAsync("late", PaymentStatus.TimedOut, T0.AddMinutes(3));
        await Payments.MarkLatePaidAsync("late", CancellationToken.None);
        await Payments.TryBeginCreateAsync(Pending("open", "T6", T0), null, "h", CancellationToken.None);
        await EndAsync("open", PaymentStatus.Failed, T0.AddMinutes(3), unresolved: true);
        await ReserveAndEndAsync("r1", "a", 10.05m, RefundStatus.Succeeded);
        await ReserveAndEndAsync("r2", "a", 20m, RefundStatus.Failed);
        await ReserveAndEndAsync("r3", "c", 5m, RefundStatus.Succeeded, at: T0.AddDays(1));

        var sums = await Reports.ReadDaySumsAsync(from, to, sandbox: false, terminalId: null, CancellationToken.None);
        var t1 = await Reports.ReadDaySumsAsync(from, to, sandbox: false, terminalId: "T1", CancellationToken.None);

        Assert.Equal(2, sums.AttentionCount);
        Assert.Equal((2, 101.00m, 1, 10.05m), Sum(sums, "T1", PaymentSystem.Sbp));
        Assert.Equal((1, 50m, 0, 0m), Sum(sums, "T2", PaymentSystem.Alipay));
        Assert.Equal((1, 100m, 0, 0m), Sum(sums, "T5", PaymentSystem.Sbp));
        Assert.DoesNotContain(sums.Rows, r => r.TerminalId is "T3" or "T4" or "T6");
        Assert.All(t1.Rows, r => Assert.Equal("T1", r.TerminalId));
        Assert.Equal(0, t1.AttentionCount);
    }

    [Fact]
    public async Task ReadForReconciliation_ThePaymentsAsked_WithTheirSucceededRefunds()
    {
        await PaidPaymentAsync("a", 100m);
        await PaidPaymentAsync("b", 40m, terminal: "T2");
        await ReserveAndEndAsync("r1", "a", 10m, RefundStatus.Succeeded);
        await ReserveAndEndAsync("r2", "a", 15.50m, RefundStatus.Succeeded);
        await ReserveAndEndAsync("r3", "a", 20m, RefundStatus.Failed);

        var found = await Reports.ReadForReconciliationAsync(["a", "b", "none"], CancellationToken.None);

        Assert.Equal(["a", "b"], found.Keys.Order());
        Assert.Equal(25.50m, found["a"].RefundedAmount);
        Assert.Equal(0m, found["b"].RefundedAmount);
        Assert.Equal((await Payments.GetAsync("a", CancellationToken.None))!.Payment, found["a"].Payment);
        Assert.Empty(await Reports.ReadForReconciliationAsync([], CancellationToken.None));
    }

    [Fact]
    public async Task History_AppendsInOrder_CollapsesRepeatedCalls_KeepsOnceOnlyKindsOnce()
    {
        await History.AppendAsync([Event("p1", PaymentEventKinds.Created, T0), Call("p1", T0.AddSeconds(5)), Call("p1", T0.AddSeconds(10))], CancellationToken.None);
        await History.AppendAsync([Call("p1", T0.AddSeconds(15)), Event("p1", PaymentEventKinds.Created, T0.AddSeconds(16)),
            Call("p1", T0.AddSeconds(20), status: "Paid"), Event("p2", PaymentEventKinds.Created, T0)], CancellationToken.None);

        var events = await History.ReadAsync("p1", CancellationToken.None);

        Assert.Equal([1, 2, 3], events.Select(e => e.Seq));
        Assert.Equal([PaymentEventKinds.Created, PaymentEventKinds.WebMoneyCall, PaymentEventKinds.WebMoneyCall], events.Select(e => e.Kind));
        Assert.Equal((3, T0.AddSeconds(5), T0.AddSeconds(15)), (events[1].Count, events[1].At, events[1].LastAt!.Value));
        Assert.Equal(("Paid", 1, (DateTimeOffset?)null), (events[2].WireStatus, events[2].Count, events[2].LastAt));
        Assert.Single(await History.ReadAsync("p2", CancellationToken.None));
        Assert.Empty(await History.ReadAsync("none", CancellationToken.None));
    }

    [Fact]
    public async Task History_ResolvedOnlyAfterAnUnresolvedEnding()
    {
        await History.AppendAsync([
            Event("definite", PaymentEventKinds.Final, T0), Event("definite", PaymentEventKinds.Resolved, T0.AddMinutes(1)),
            Event("open", PaymentEventKinds.Final, T0) with { Outcome = PaymentEventKinds.UnresolvedOutcome },
            Event("open", PaymentEventKinds.Resolved, T0.AddMinutes(1)),
        ], CancellationToken.None);

        Assert.DoesNotContain(await History.ReadAsync("definite", CancellationToken.None), e => e.Kind == PaymentEventKinds.Resolved);
        Assert.Contains(await History.ReadAsync("open", CancellationToken.None), e => e.Kind == PaymentEventKinds.Resolved);
    }

    private static JournalQuery Query(int limit = 50) => new(null, null, null, null, false, limit, null);

    private static (int, decimal, int, decimal) Sum(DaySums sums, string terminal, PaymentSystem system)
    {
        var rows = sums.Rows.Where(r => r.TerminalId == terminal && r.PaymentSystem == system).ToList();
        return (rows.Sum(r => r.PaidCount), rows.Sum(r => r.PaidAmount), rows.Sum(r => r.RefundedCount), rows.Sum(r => r.RefundedAmount));
    }

    private static PaymentEvent Event(string paymentId, string kind, DateTimeOffset at) => new(paymentId, null, at, kind, kind);

    private static PaymentEvent Call(string paymentId, DateTimeOffset at, string status = "WaitingForPayment") =>
        new(paymentId, null, at, PaymentEventKinds.WebMoneyCall, "WebMoney, запрос статуса", "GetPaymentStatus", "success", status, DurationMs: 12);
}
