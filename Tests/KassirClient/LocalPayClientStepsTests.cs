using global::KassirClient;
using Tests.Support;

namespace Tests.KassirClient;

/// <summary>Create, Get, Wait and Cancel one by one against the real gateway: payments back, LocalPayException for refusals.</summary>
public sealed class LocalPayClientStepsTests(FakeClockEmulatorFixture emulator) : IClassFixture<FakeClockEmulatorFixture>, IAsyncLifetime
{
    private GatewayHarness gateway = null!;

    public Task InitializeAsync()
    {
        gateway = KassirGateway.Start(emulator);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task Create_ReturnsPendingPaymentWithQr()
    {
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));

        var payment = await client.CreateAsync(TestClients.Request());

        Assert.Equal(PaymentStatus.Pending, payment.Status);
        Assert.False(payment.IsFinal);
        Assert.StartsWith("https://qr.nspk.ru/", payment.Qr!.Payload);
        Assert.Equal($"/payments/{payment.Id}/qr.svg", payment.Qr.SvgUrl);
        Assert.Equal(1234.50m, payment.Amount);
        Assert.Equal("RUB", payment.Currency);
        Assert.Equal(PaymentSystem.Sbp, payment.PaymentSystem);
        Assert.Equal("000123", payment.ReceiptId);
        Assert.True(payment.Deadline > payment.CreatedAt);
    }

    [Fact]
    public async Task Create_SameIdempotencyKeyTwice_ReturnsTheSamePayment()
    {
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));

        var first = await client.CreateAsync(TestClients.Request(), "key-1");
        var again = await client.CreateAsync(TestClients.Request(), "key-1");

        Assert.Equal(first.Id, again.Id);
        Assert.Single(await gateway.PaymentsAsync());
    }

    [Fact]
    public async Task Create_TerminalBusy_ThrowsWithStatusCodeAndThePendingPayment()
    {
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));
        var pending = await client.CreateAsync(TestClients.Request());

        var error = await Assert.ThrowsAsync<LocalPayException>(() => client.CreateAsync(TestClients.Request()));

        Assert.Equal(409, error.StatusCode);
        Assert.Equal("terminal_busy", error.Code);
        Assert.Equal(pending.Id, error.PaymentId);
        Assert.Contains("terminal_busy", error.ResponseBody);
    }

    [Fact]
    public async Task Create_GatewayDown_ThrowsGatewayUnreachable()
    {
        using var client = new LocalPayClient(TestClients.Options(TestClients.ClosedAddress()));

        var error = await Assert.ThrowsAsync<LocalPayException>(() => client.CreateAsync(TestClients.Request()));

        Assert.Null(error.StatusCode);
        Assert.Equal(LocalPayErrorCodes.GatewayUnreachable, error.Code);
        Assert.StartsWith("Нет связи с платёжным шлюзом", error.Message);
    }

    [Fact]
    public async Task Get_UnknownPayment_Throws404()
    {
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));

        var error = await Assert.ThrowsAsync<LocalPayException>(() => client.GetAsync("nope"));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("payment_not_found", error.Code); // the gateway's code (the old scripted stand-in said not_found)
    }

    [Fact]
    public async Task Wait_UnknownPayment_ReturnsUnknownPaymentNotFound()
    {
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));

        var result = await client.WaitAsync("nope");

        Assert.Equal(PaymentOutcome.Unknown, result.Outcome);
        Assert.Equal(LocalPayErrorCodes.PaymentNotFound, result.ErrorCode);
    }

    [Fact]
    public async Task Cancel_PendingPayment_ReturnsItCancelled()
    {
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));
        var payment = await client.CreateAsync(TestClients.Request());

        var cancelled = await client.CancelAsync(payment.Id);
        var read = await client.GetAsync(payment.Id);

        Assert.Equal(PaymentStatus.Cancelled, cancelled.Status);
        Assert.Equal("cancelled_by_cashier", cancelled.Error!.Code);
        Assert.Equal(PaymentStatus.Cancelled, read.Status);
        Assert.NotNull(read.CompletedAt);
    }

    [Fact]
    public async Task BlockingForms_DoWhatTheAsyncFormsDo()
    {
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));

        var payment = client.Create(TestClients.Request());
        gateway.PayAtWebMoney(payment.Id);
        await gateway.FinalAsync(payment.Id);
        var read = client.Get(payment.Id);
        var result = client.Wait(payment.Id);
        var afterCancel = client.Cancel(payment.Id);

        Assert.Equal(PaymentStatus.Paid, read.Status);
        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.Equal(PaymentStatus.Paid, afterCancel.Status);
    }

    [Fact]
    public void Constructor_BadOptions_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentNullException>(() => new LocalPayClient(null!));
        Assert.Throws<ArgumentException>(() => new LocalPayClient(new LocalPayClientOptions { TerminalId = "касса 1" }));
        Assert.Throws<ArgumentException>(() => new LocalPayClient(new LocalPayClientOptions { BaseAddress = new Uri("ftp://x/") }));
        Assert.Throws<ArgumentException>(() => new LocalPayClient(new LocalPayClientOptions { LongPollSeconds = 61 }));
        Assert.Throws<ArgumentException>(() => new LocalPayClient(new LocalPayClientOptions { RequestTimeout = TimeSpan.Zero }));
    }

    [Fact]
    public async Task Options_ChangedAfterConstruction_DoNotAffectTheClient()
    {
        var options = TestClients.Options(gateway.BaseAddress);
        using var client = new LocalPayClient(options);

        options.BaseAddress = new Uri("http://127.0.0.1:1");
        var payment = await client.CreateAsync(TestClients.Request());

        Assert.Equal(PaymentStatus.Pending, payment.Status);
    }
}
