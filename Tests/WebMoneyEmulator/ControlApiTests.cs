using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.WebMoney;
using Tests.Support;
using WebMoneyContract;

namespace Tests.WebMoneyEmulator;

/// <summary>The control API over its own HTTP listener, observed through SOAP calls of the real client.</summary>
public sealed class ControlApiTests : IClassFixture<FakeClockEmulatorFixture>, IAsyncLifetime
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    private readonly FakeClockEmulatorFixture _emulator;
    private readonly HttpClient _control;

    public ControlApiTests(FakeClockEmulatorFixture emulator)
    {
        _emulator = emulator;
        _control = emulator.Control;
    }

    public async Task InitializeAsync()
    {
        (await _control.DeleteAsync("/emulator/faults")).EnsureSuccessStatusCode();
        (await _control.PostAsJsonAsync("/emulator/options", new { autoPayAfterSeconds = (int?)null })).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Stats_CountCallsPerOperation_FaultedOnesIncluded()
    {
        var before = await StatsAsync();
        var qr = await CreateAsync();
        await PostFaultAsync(PosApi.GetPaymentStatus, "http500", 1);

        await _emulator.Client.GetPaymentStatusAsync(qr.TransactionId, CallTimeout, CancellationToken.None);
        await _emulator.Client.GetPaymentStatusAsync(qr.TransactionId, CallTimeout, CancellationToken.None);
        await _emulator.Client.CancelPaymentAsync(qr.TransactionId, CallTimeout, CancellationToken.None);
        var after = await StatsAsync();

        Assert.Equal(before[PosApi.CreateQrPayment] + 1, after[PosApi.CreateQrPayment]);
        Assert.Equal(before[PosApi.GetPaymentStatus] + 2, after[PosApi.GetPaymentStatus]);
        Assert.Equal(before[PosApi.CancelPayment] + 1, after[PosApi.CancelPayment]);
    }

    [Fact]
    public async Task Transactions_ListsCreatedTransactionWithItsFields()
    {
        var qr = await CreateAsync(WirePaymentSystem.Alipay, 77.70m);

        var list = await _control.GetFromJsonAsync<JsonElement>("/emulator/transactions");

        var item = list.EnumerateArray().Single(t => t.GetProperty("transactionId").GetString() == qr.TransactionId);
        Assert.Equal(WirePaymentSystem.Alipay, item.GetProperty("paymentSystem").GetString());
        Assert.Equal(77.70m, item.GetProperty("amount").GetDecimal());
        Assert.Equal(WireStatus.Created, item.GetProperty("status").GetString());
        Assert.Equal(qr.QrPayload, item.GetProperty("qrPayload").GetString());
        Assert.False(string.IsNullOrEmpty(item.GetProperty("externalId").GetString()));
        Assert.Equal(_emulator.Time.GetUtcNow(), item.GetProperty("createdAt").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Transactions_CountTheStatusCallsAnsweredPerTransaction()
    {
        var polled = await CreateAsync();
        var other = await CreateAsync();
        await PostFaultAsync(PosApi.GetPaymentStatus, "http500", 1);

        await _emulator.Client.GetPaymentStatusAsync(polled.TransactionId, CallTimeout, CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            await _emulator.Client.GetPaymentStatusAsync(polled.TransactionId, CallTimeout, CancellationToken.None);
        }
        var list = await _control.GetFromJsonAsync<JsonElement>("/emulator/transactions");

        int QueriesOf(string id) => list.EnumerateArray().Single(t => t.GetProperty("transactionId").GetString() == id).GetProperty("statusQueries").GetInt32();
        Assert.Equal(3, QueriesOf(polled.TransactionId));
        Assert.Equal(0, QueriesOf(other.TransactionId));
    }

    [Theory]
    [InlineData("pay", WireStatus.Paid)]
    [InlineData("decline", WireStatus.Rejected)]
    [InlineData("expire", WireStatus.Expired)]
    public async Task Action_OnPendingTransaction_IsWhatTheNextStatusCallAnswers(string action, string expected)
    {
        var qr = await CreateAsync();

        var response = await _control.PostAsync($"/emulator/transactions/{qr.TransactionId}/{action}", null);
        var status = await StatusAsync(qr.TransactionId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, status.Status);
        Assert.False(string.IsNullOrEmpty(status.StatusMessage));
    }

    [Fact]
    public async Task Action_OnFinalTransaction_IsConflict()
    {
        var qr = await CreateAsync();
        await _control.PostAsync($"/emulator/transactions/{qr.TransactionId}/pay", null);

        var response = await _control.PostAsync($"/emulator/transactions/{qr.TransactionId}/decline", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("transaction_final", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(WireStatus.Paid, (await StatusAsync(qr.TransactionId)).Status);
    }

    [Fact]
    public async Task Action_OnUnknownTransaction_IsNotFoundProblem()
    {
        var response = await _control.PostAsync("/emulator/transactions/nope/pay", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("transaction_not_found", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Faults_ApplyInTheOrderPosted_ThenCallsSucceedAgain()
    {
        var qr = await CreateAsync();
        await PostFaultAsync(PosApi.GetPaymentStatus, "http500", 1);
        await PostFaultAsync("*", "soapFault", 2);

        var first = await _emulator.Client.GetPaymentStatusAsync(qr.TransactionId, CallTimeout, CancellationToken.None);
        var second = await _emulator.Client.CancelPaymentAsync(qr.TransactionId, CallTimeout, CancellationToken.None);
        var third = await _emulator.Client.GetPaymentStatusAsync(qr.TransactionId, CallTimeout, CancellationToken.None);
        var fourth = await _emulator.Client.GetPaymentStatusAsync(qr.TransactionId, CallTimeout, CancellationToken.None);

        Assert.Equal(TechnicalErrorKind.HttpStatus, Assert.IsType<WebMoneyOutcome<StatusAnswer>.TechnicalError>(first).Kind);
        Assert.Equal(TechnicalErrorKind.SoapFault, Assert.IsType<WebMoneyOutcome<CancelAnswer>.TechnicalError>(second).Kind);
        Assert.Equal(TechnicalErrorKind.SoapFault, Assert.IsType<WebMoneyOutcome<StatusAnswer>.TechnicalError>(third).Kind);
        Assert.Equal(WireStatus.Created, Assert.IsType<WebMoneyOutcome<StatusAnswer>.Success>(fourth).Value.Status);
    }

    [Fact]
    public async Task Faults_OfAnotherOperation_DoNotTouchThisOne()
    {
        var qr = await CreateAsync();
        await PostFaultAsync(PosApi.CancelPayment, "garbage", 1);

        var status = await _emulator.Client.GetPaymentStatusAsync(qr.TransactionId, CallTimeout, CancellationToken.None);

        Assert.IsType<WebMoneyOutcome<StatusAnswer>.Success>(status);
        Assert.Single(await _control.GetFromJsonAsync<JsonElement[]>("/emulator/faults") ?? []);
    }

    [Fact]
    public async Task DeleteFaults_ClearsTheQueue()
    {
        var qr = await CreateAsync();
        await PostFaultAsync("*", "http500", 5);

        var delete = await _control.DeleteAsync("/emulator/faults");
        var status = await _emulator.Client.GetPaymentStatusAsync(qr.TransactionId, CallTimeout, CancellationToken.None);

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.IsType<WebMoneyOutcome<StatusAnswer>.Success>(status);
        Assert.Empty((await _control.GetFromJsonAsync<JsonElement[]>("/emulator/faults"))!);
    }

    [Theory]
    [InlineData("""{"operation":"Refund","kind":"http500","count":1}""", "operation")]
    [InlineData("""{"operation":"*","kind":"explode","count":1}""", "kind")]
    [InlineData("""{"operation":"*","kind":"hang","count":0}""", "count")]
    public async Task PostFaults_WithBrokenBody_IsValidationProblem(string body, string field)
    {
        var response = await _control.PostAsync("/emulator/faults", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task AutoPay_PaysPendingTransactionOnceItsDelayHasPassed()
    {
        var qr = await CreateAsync();
        var options = await _control.PostAsJsonAsync("/emulator/options", new { autoPayAfterSeconds = 30 });

        var before = await StatusAsync(qr.TransactionId);
        _emulator.Time.Advance(TimeSpan.FromSeconds(31));
        var after = await StatusAsync(qr.TransactionId);

        Assert.Equal(30, (await options.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("autoPayAfterSeconds").GetInt32());
        Assert.Equal(WireStatus.Created, before.Status);
        Assert.Equal(WireStatus.Paid, after.Status);
    }

    [Fact]
    public async Task Status_AfterQrLifetime_IsExpired()
    {
        var qr = await CreateAsync();

        _emulator.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var status = await StatusAsync(qr.TransactionId);

        Assert.Equal(WireStatus.Expired, status.Status);
    }

    [Fact]
    public async Task Status_FirstCreated_ThenWaitingForPayment()
    {
        var qr = await CreateAsync();

        var first = await StatusAsync(qr.TransactionId);
        var second = await StatusAsync(qr.TransactionId);

        Assert.Equal(WireStatus.Created, first.Status);
        Assert.Equal(WireStatus.WaitingForPayment, second.Status);
    }

    [Fact]
    public async Task Page_ListsTransactionsWithPayAndDeclineButtons()
    {
        var response = await _control.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Эмулятор WebMoney", html);
        Assert.Contains("Оплатить", html);
        Assert.Contains("Отклонить", html);
        Assert.Contains("const base = \"\";", html);
    }

    private async Task<Dictionary<string, int>> StatsAsync() =>
        await _control.GetFromJsonAsync<Dictionary<string, int>>("/emulator/stats") ?? [];

    private async Task PostFaultAsync(string operation, string kind, int count) =>
        (await _control.PostAsJsonAsync("/emulator/faults", new { operation, kind, count })).EnsureSuccessStatusCode();

    private async Task<QrCreated> CreateAsync(string system = WirePaymentSystem.Sbp, decimal amount = 100m)
    {
        var created = await _emulator.Client.CreateQrPaymentAsync(
            new CreateQrCommand(Guid.NewGuid().ToString("N"), system, amount, "RUB", null), CallTimeout, CancellationToken.None);
        return Assert.IsType<WebMoneyOutcome<QrCreated>.Success>(created).Value;
    }

    private async Task<StatusAnswer> StatusAsync(string transactionId)
    {
        var status = await _emulator.Client.GetPaymentStatusAsync(transactionId, CallTimeout, CancellationToken.None);
        return Assert.IsType<WebMoneyOutcome<StatusAnswer>.Success>(status).Value;
    }
}
