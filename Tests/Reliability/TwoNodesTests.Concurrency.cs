using System.Diagnostics;
using System.Globalization;
using System.Net;
using Tests.Support;

namespace Tests.Reliability;

/// <summary>Work shared by the two nodes: one status poll per payment per interval, one refund out of many.</summary>
public sealed partial class TwoNodesTests
{
    [Fact]
    public async Task EightPendingPaymentsOverBothNodes_EachPolledOncePerInterval_NotTwice()
    {
        var transactions = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            transactions.Add((await A.CreatePaymentAsync($"2n-poll-a{i}")).TransactionId);
            transactions.Add((await B.CreatePaymentAsync($"2n-poll-b{i}")).TransactionId);
        }
        Assert.True(await Eventually.TrueAsync(() => transactions.All(t => Transaction(t).StatusQueries >= 2), Within), "not every payment is polled");

        var before = transactions.ToDictionary(t => t, t => Transaction(t).StatusQueries);
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(TimeSpan.FromSeconds(20 * _nodes.PollSeconds)); // the measuring window, not a wait for the poller
        var after = transactions.ToDictionary(t => t, t => Transaction(t).StatusQueries);
        var intervals = Stopwatch.GetElapsedTime(started).TotalSeconds / _nodes.PollSeconds;

        var perInterval = transactions.Select(t => (after[t] - before[t]) / intervals).ToList();
        var shown = string.Join(", ", perInterval.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)));
        output.WriteLine($"status polls per payment per interval over {intervals:0.0} intervals: {shown}");
        Assert.True(perInterval.All(r => r <= 1.3), $"a payment was polled more than once per interval: {shown}");
        Assert.True(perInterval.All(r => r >= 0.5), $"a payment was polled less than every other interval: {shown}");
    }

    [Fact]
    public async Task SixteenConcurrentFullRefundsThroughBothNodes_ExactlyOneAccepted_WebMoneyRefundsOnce()
    {
        var payment = await A.PaidPaymentAsync(_emulator, "2n-refunds", 300m);
        var id = payment.GetProperty("id").GetString()!;
        var transactionId = payment.GetProperty("transactionId").GetString()!;
        var a = A;
        var b = B;
        using var go = new SemaphoreSlim(0);

        var attempts = Enumerable.Range(0, 16).Select(async i =>
        {
            await go.WaitAsync();
            return await (i % 2 == 0 ? a : b).RefundAsync(id, new { amount = 300m, reason = "возврат" }, $"2n-refund-{i}");
        }).ToList();
        go.Release(16);
        var answers = await Task.WhenAll(attempts);

        var accepted = Assert.Single(answers, r => r.Status == HttpStatusCode.Created);
        var refused = answers.Where(r => r.Status != HttpStatusCode.Created).ToList();
        Assert.All(refused, r => Assert.Equal(HttpStatusCode.Conflict, r.Status));
        Assert.All(refused, r => Assert.Equal("refund_exceeds_payment", r.Body.GetProperty("code").GetString()));
        var refundId = accepted.Body.GetProperty("id").GetString()!;
        Assert.Equal("succeeded", (await B.WaitRefundFinalAsync(refundId)).GetProperty("status").GetString());
        Assert.Single(_emulator.Host.GetRefunds(), r => r.TransactionId == transactionId);
        Assert.Equal(0m, (await A.GetPaymentAsync(id)).GetProperty("refundableAmount").GetDecimal());
    }
}
