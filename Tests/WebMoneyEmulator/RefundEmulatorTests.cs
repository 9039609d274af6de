using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.WebMoney;
using Tests.Support;
using WebMoneyContract;

namespace Tests.WebMoneyEmulator;

/// <summary>The emulator's refunds through the real WCF client (signed, mutual TLS) and its control API.</summary>
public sealed class RefundEmulatorTests(FakeClockEmulatorFixture emulator) : IClassFixture<FakeClockEmulatorFixture>, IAsyncLifetime
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    public async Task InitializeAsync()
    {
        (await emulator.Control.DeleteAsync("/emulator/faults")).EnsureSuccessStatusCode();
        (await emulator.Control.PostAsJsonAsync("/emulator/options", new { autoPayAfterSeconds = (int?)null, refundsPending = false })).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> PaidTransactionAsync(decimal amount)
    {
        var created = await emulator.Client.CreateQrPaymentAsync(new CreateQrCommand(Guid.NewGuid().ToString("N"), WirePaymentSystem.Sbp, amount, "RUB", null),
            CallTimeout, CancellationToken.None);
        var transactionId = Assert.IsType<WebMoneyOutcome<QrCreated>.Success>(created).Value.TransactionId;
        emulator.Host.Pay(transactionId, out _);
        return transactionId;
    }

    private Task<WebMoneyOutcome<RefundAnswer>> RefundAsync(string transactionId, string refundId, decimal amount) =>
        emulator.Client.RefundPaymentAsync(new RefundCommand(transactionId, refundId, amount, "RUB"), CallTimeout, CancellationToken.None);

    [Fact]
    public async Task RefundPayment_PaidTransaction_CompletesAtOnce_IdempotentOnRefundId()
    {
        var transactionId = await PaidTransactionAsync(100m);

        var first = await RefundAsync(transactionId, "refund-a", 60m);
        var again = await RefundAsync(transactionId, "refund-a", 60m);
        var otherAmount = await RefundAsync(transactionId, "refund-a", 10m);
        var status = await emulator.Client.GetRefundStatusAsync(
            Assert.IsType<WebMoneyOutcome<RefundAnswer>.Success>(first).Value.RefundTransactionId, CallTimeout, CancellationToken.None);

        var answer = Assert.IsType<WebMoneyOutcome<RefundAnswer>.Success>(first).Value;
        Assert.Equal(WireRefundStatus.Completed, answer.Status);
        Assert.Equal(answer, Assert.IsType<WebMoneyOutcome<RefundAnswer>.Success>(again).Value);
        Assert.Equal(RefundResultCodes.RefundIdReused, Assert.IsType<WebMoneyOutcome<RefundAnswer>.Refusal>(otherAmount).ResultCode);
        Assert.Equal(WireRefundStatus.Completed, Assert.IsType<WebMoneyOutcome<RefundStatusAnswer>.Success>(status).Value.Status);
        Assert.Single(emulator.Host.GetRefunds(), r => r.RefundId == "refund-a");
    }

    [Fact]
    public async Task RefundPayment_ExceedingThePaidAmountOrNotPaid_IsRefused()
    {
        var transactionId = await PaidTransactionAsync(100m);
        var unpaid = await emulator.Client.CreateQrPaymentAsync(new CreateQrCommand(Guid.NewGuid().ToString("N"), WirePaymentSystem.WeChat, 50m, "RUB", null),
            CallTimeout, CancellationToken.None);

        Assert.IsType<WebMoneyOutcome<RefundAnswer>.Success>(await RefundAsync(transactionId, Guid.NewGuid().ToString("N"), 70m));
        var exceeding = await RefundAsync(transactionId, Guid.NewGuid().ToString("N"), 30.01m);
        var notPaid = await RefundAsync(Assert.IsType<WebMoneyOutcome<QrCreated>.Success>(unpaid).Value.TransactionId, Guid.NewGuid().ToString("N"), 10m);
        var unknown = await emulator.Client.GetRefundStatusAsync("no-such-refund", CallTimeout, CancellationToken.None);

        var refusal = Assert.IsType<WebMoneyOutcome<RefundAnswer>.Refusal>(exceeding);
        Assert.Equal(RefundResultCodes.ExceedsPayment, refusal.ResultCode);
        Assert.Contains("30.00", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(RefundResultCodes.NotPaid, Assert.IsType<WebMoneyOutcome<RefundAnswer>.Refusal>(notPaid).ResultCode);
        Assert.Equal(ResultCodes.UnknownTransaction, Assert.IsType<WebMoneyOutcome<RefundStatusAnswer>.Refusal>(unknown).ResultCode);
    }

    [Fact]
    public async Task RefundsPending_StayPendingUntilCompletedOrRejectedThroughTheControlApi()
    {
        var options = await emulator.Control.PostAsJsonAsync("/emulator/options", new { refundsPending = true });
        var transactionId = await PaidTransactionAsync(100m);

        var pending = Assert.IsType<WebMoneyOutcome<RefundAnswer>.Success>(await RefundAsync(transactionId, Guid.NewGuid().ToString("N"), 40m)).Value;
        var rejected = Assert.IsType<WebMoneyOutcome<RefundAnswer>.Success>(await RefundAsync(transactionId, Guid.NewGuid().ToString("N"), 60m)).Value;
        var listed = await emulator.Control.GetFromJsonAsync<JsonElement>("/emulator/refunds");
        var complete = await emulator.Control.PostAsync($"/emulator/refunds/{pending.RefundTransactionId}/complete", null);
        var reject = await emulator.Control.PostAsync($"/emulator/refunds/{rejected.RefundTransactionId}/reject", null);
        var twice = await emulator.Control.PostAsync($"/emulator/refunds/{rejected.RefundTransactionId}/complete", null);
        var missing = await emulator.Control.PostAsync("/emulator/refunds/nope/complete", null);
        var completedStatus = await emulator.Client.GetRefundStatusAsync(pending.RefundTransactionId, CallTimeout, CancellationToken.None);
        var rejectedStatus = await emulator.Client.GetRefundStatusAsync(rejected.RefundTransactionId, CallTimeout, CancellationToken.None);
        // A rejected refund gives its amount back: 60 is refundable again.
        var again = await RefundAsync(transactionId, Guid.NewGuid().ToString("N"), 60m);

        Assert.True((await options.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refundsPending").GetBoolean());
        Assert.Equal((WireRefundStatus.Pending, WireRefundStatus.Pending), (pending.Status, rejected.Status));
        Assert.Contains(listed.EnumerateArray(), r => r.GetProperty("refundTransactionId").GetString() == pending.RefundTransactionId
            && r.GetProperty("status").GetString() == WireRefundStatus.Pending);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(WireRefundStatus.Completed, Assert.IsType<WebMoneyOutcome<RefundStatusAnswer>.Success>(completedStatus).Value.Status);
        Assert.Equal(WireRefundStatus.Rejected, Assert.IsType<WebMoneyOutcome<RefundStatusAnswer>.Success>(rejectedStatus).Value.Status);
        Assert.IsType<WebMoneyOutcome<RefundAnswer>.Success>(again);
    }

    [Fact]
    public async Task Faults_ApplyToRefundOperations_AndStatsCountThem()
    {
        var transactionId = await PaidTransactionAsync(100m);
        var before = await emulator.Control.GetFromJsonAsync<Dictionary<string, int>>("/emulator/stats");
        (await emulator.Control.PostAsJsonAsync("/emulator/faults", new { operation = "RefundPayment", kind = "garbage", count = 1 })).EnsureSuccessStatusCode();
        (await emulator.Control.PostAsJsonAsync("/emulator/faults", new { operation = "GetRefundStatus", kind = "temporary", count = 1 })).EnsureSuccessStatusCode();

        var garbage = await RefundAsync(transactionId, "refund-f", 10m);
        var made = await RefundAsync(transactionId, "refund-f", 10m);
        var temporary = await emulator.Client.GetRefundStatusAsync(
            Assert.IsType<WebMoneyOutcome<RefundAnswer>.Success>(made).Value.RefundTransactionId, CallTimeout, CancellationToken.None);
        var after = await emulator.Control.GetFromJsonAsync<Dictionary<string, int>>("/emulator/stats");

        Assert.Equal(TechnicalErrorKind.Unreadable, Assert.IsType<WebMoneyOutcome<RefundAnswer>.TechnicalError>(garbage).Kind);
        Assert.Equal(TechnicalErrorKind.TemporaryResultCode, Assert.IsType<WebMoneyOutcome<RefundStatusAnswer>.TechnicalError>(temporary).Kind);
        Assert.Equal(before![PosApi.RefundPayment] + 2, after![PosApi.RefundPayment]);
        Assert.Equal(before[PosApi.GetRefundStatus] + 1, after[PosApi.GetRefundStatus]);
        Assert.Single(emulator.Host.GetRefunds(), r => r.RefundId == "refund-f");
    }
}
