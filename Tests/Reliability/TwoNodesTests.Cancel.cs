using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Reliability;

/// <summary>The cashier's cancel through the node that does not work the payment (SPEC §14).</summary>
public sealed partial class TwoNodesTests
{
    [Fact]
    public async Task CancelThroughB_OfPaymentWorkedByLiveA_ReachesWebMoneyWithinTwoSeconds_EndsCancelled()
    {
        var (id, transactionId) = await A.CreatePaymentAsync("2n-cancel-live");
        Assert.True(await Eventually.TrueAsync(() => Transaction(transactionId).StatusQueries > 0, Within), "A never polled its payment");

        var (reachedAfter, answer) = await CancelThroughBAsync(transactionId, id);
        var ended = await EndOfAsync(B, answer);

        Assert.True(reachedAfter <= TimeSpan.FromSeconds(2), $"CancelPayment reached WebMoney {reachedAfter} after the cashier's cancel");
        Assert.Equal("cancelled", ended.GetProperty("status").GetString());
        Assert.Equal("cancelled", (await A.GetPaymentAsync(id)).GetProperty("status").GetString());
        Assert.Equal(WireStatus.Cancelled, Transaction(transactionId).Status);
    }

    [Fact]
    public async Task CancelThroughB_OfPaymentOfKilledA_ReachesWebMoneyWithinLeasePlusTwoSeconds_EndsCancelled()
    {
        var (id, transactionId) = await A.CreatePaymentAsync("2n-cancel-dead");
        Assert.True(await Eventually.TrueAsync(() => Transaction(transactionId).StatusQueries > 0, Within), "A never polled its payment");
        _nodes.Kill(0);
        try
        {
            var (reachedAfter, answer) = await CancelThroughBAsync(transactionId, id);
            var ended = await EndOfAsync(B, answer);

            var limit = TimeSpan.FromSeconds(_nodes.LeaseSeconds + 2);
            Assert.True(reachedAfter <= limit, $"CancelPayment reached WebMoney {reachedAfter} after the cashier's cancel (limit {limit})");
            Assert.Equal("cancelled", ended.GetProperty("status").GetString());
            Assert.Equal(WireStatus.Cancelled, Transaction(transactionId).Status);
        }
        finally
        {
            await _nodes.RestartAsync(0);
        }
    }

    /// <summary>
    /// Sends the cashier's cancel through B and measures, on WebMoney's side, how long after the request the
    /// transaction was cancelled (the request's answer may come before or after); then the answer (200 expected).
    /// </summary>
    private async Task<(TimeSpan ReachedAfter, JsonElement Answer)> CancelThroughBAsync(string transactionId, string id)
    {
        var cancels = await _emulator.StatsAsync(PosApi.CancelPayment);
        var b = B;
        var sent = Stopwatch.GetTimestamp();
        var request = b.PostAsync($"/payments/{id}/cancel", null);
        var reached = await Eventually.TrueAsync(() => Transaction(transactionId).Status == WireStatus.Cancelled, Within, 10);
        var reachedAfter = Stopwatch.GetElapsedTime(sent);
        output.WriteLine($"CancelPayment reached WebMoney {reachedAfter.TotalMilliseconds:0} ms after the cancel through B");
        Assert.True(reached, "CancelPayment never reached WebMoney");
        Assert.True(await _emulator.StatsAsync(PosApi.CancelPayment) > cancels);

        var response = await request.WaitAsync(Within);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, answer.ToString());
        return (reachedAfter, answer);
    }

    /// <summary>The payment as answered when final already, else long-polled on <paramref name="http"/> until it is.</summary>
    private static async Task<JsonElement> EndOfAsync(HttpClient http, JsonElement answer) =>
        answer.GetProperty("status").GetString() != "pending" ? answer : await http.WaitPaymentFinalAsync(answer.GetProperty("id").GetString()!);
}
