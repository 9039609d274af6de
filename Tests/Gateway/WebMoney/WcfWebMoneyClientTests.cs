using Gateway.WebMoney;
using Tests.Support;
using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace Tests.Gateway.WebMoney;

/// <summary>The WCF client against the real emulator: HTTPS, client certificate, SoapCore.</summary>
public sealed class WcfWebMoneyClientTests : IClassFixture<FakeClockEmulatorFixture>
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    private readonly FakeClockEmulatorFixture _emulator;

    public WcfWebMoneyClientTests(FakeClockEmulatorFixture emulator)
    {
        _emulator = emulator;
        emulator.Host.ClearFaults();
    }

    [Fact]
    public async Task Create_ThenStatus_ReturnsQrAndPendingStatus()
    {
        var command = Command(WirePaymentSystem.Sbp, 1234.50m);

        var created = await _emulator.Client.CreateQrPaymentAsync(command, CallTimeout, CancellationToken.None);
        var qr = Assert.IsType<WebMoneyOutcome<QrCreated>.Success>(created).Value;
        var status = await _emulator.Client.GetPaymentStatusAsync(qr.TransactionId, CallTimeout, CancellationToken.None);

        Assert.StartsWith("https://qr.nspk.ru/AS1000", qr.QrPayload);
        Assert.Contains("sum=123450", qr.QrPayload);
        Assert.Equal(_emulator.Time.GetUtcNow().AddMinutes(10), qr.ExpiresAt!.Value, TimeSpan.FromSeconds(1));
        var answer = Assert.IsType<WebMoneyOutcome<StatusAnswer>.Success>(status).Value;
        Assert.Equal(WireStatus.Created, answer.Status);
    }

    [Fact]
    public async Task Status_OfPaidTransaction_IsPaidWithPaidAt()
    {
        var qr = await CreateAsync(WirePaymentSystem.WeChat, 10m);
        _emulator.Host.Pay(qr.TransactionId, out _);

        var status = await _emulator.Client.GetPaymentStatusAsync(qr.TransactionId, CallTimeout, CancellationToken.None);

        var answer = Assert.IsType<WebMoneyOutcome<StatusAnswer>.Success>(status).Value;
        Assert.Equal(WireStatus.Paid, answer.Status);
        Assert.Equal(_emulator.Time.GetUtcNow(), answer.PaidAt!.Value, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Status_Answer_RecordsActivityAndClockSkew()
    {
        var qr = await CreateAsync(WirePaymentSystem.Alipay, 10m);

        await _emulator.Client.GetPaymentStatusAsync(qr.TransactionId, CallTimeout, CancellationToken.None);

        Assert.Equal(_emulator.Time.GetUtcNow(), _emulator.Activity.LastSuccessAt!.Value, TimeSpan.FromSeconds(1));
        Assert.InRange(_emulator.Activity.ClockSkew!.Value.Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Cancel_PendingTransaction_BecomesCancelled()
    {
        var qr = await CreateAsync(WirePaymentSystem.WebMoney, 99.99m);

        var cancel = await _emulator.Client.CancelPaymentAsync(qr.TransactionId, CallTimeout, CancellationToken.None);
        var status = await _emulator.Client.GetPaymentStatusAsync(qr.TransactionId, CallTimeout, CancellationToken.None);

        Assert.Equal(WireStatus.Cancelled, Assert.IsType<WebMoneyOutcome<CancelAnswer>.Success>(cancel).Value.Status);
        Assert.Equal(WireStatus.Cancelled, Assert.IsType<WebMoneyOutcome<StatusAnswer>.Success>(status).Value.Status);
    }

    [Fact]
    public async Task Cancel_PaidTransaction_StaysPaid()
    {
        var qr = await CreateAsync(WirePaymentSystem.Sbp, 5m);
        _emulator.Host.Pay(qr.TransactionId, out _);

        var cancel = await _emulator.Client.CancelPaymentAsync(qr.TransactionId, CallTimeout, CancellationToken.None);

        Assert.Equal(WireStatus.Paid, Assert.IsType<WebMoneyOutcome<CancelAnswer>.Success>(cancel).Value.Status);
    }

    [Fact]
    public async Task Create_SameExternalIdTwice_ReturnsTheSameTransaction()
    {
        var command = Command(WirePaymentSystem.Sbp, 300m);

        var first = await _emulator.Client.CreateQrPaymentAsync(command, CallTimeout, CancellationToken.None);
        var second = await _emulator.Client.CreateQrPaymentAsync(command, CallTimeout, CancellationToken.None);

        var a = Assert.IsType<WebMoneyOutcome<QrCreated>.Success>(first).Value;
        var b = Assert.IsType<WebMoneyOutcome<QrCreated>.Success>(second).Value;
        Assert.Equal(a, b);
        Assert.Single(_emulator.Host.GetTransactions(), t => t.ExternalId == command.ExternalId);
    }

    [Fact]
    public async Task Create_SameExternalIdWithOtherAmount_IsRefused()
    {
        var command = Command(WirePaymentSystem.Sbp, 300m);
        await _emulator.Client.CreateQrPaymentAsync(command, CallTimeout, CancellationToken.None);

        var again = await _emulator.Client.CreateQrPaymentAsync(command with { Amount = 301m }, CallTimeout, CancellationToken.None);

        Assert.Equal(ResultCodes.BadRequest, Assert.IsType<WebMoneyOutcome<QrCreated>.Refusal>(again).ResultCode);
    }

    [Fact]
    public async Task Status_OfUnknownTransaction_IsRefusal()
    {
        var status = await _emulator.Client.GetPaymentStatusAsync("no-such-transaction", CallTimeout, CancellationToken.None);

        var refusal = Assert.IsType<WebMoneyOutcome<StatusAnswer>.Refusal>(status);
        Assert.Equal(ResultCodes.UnknownTransaction, refusal.ResultCode);
        Assert.Equal("Транзакция не найдена", refusal.Message);
    }

    [Theory]
    [InlineData(FaultKind.Http500, TechnicalErrorKind.HttpStatus)]
    [InlineData(FaultKind.SoapFault, TechnicalErrorKind.SoapFault)]
    [InlineData(FaultKind.Garbage, TechnicalErrorKind.Unreadable)]
    [InlineData(FaultKind.Drop, TechnicalErrorKind.Connect)]
    [InlineData(FaultKind.Temporary, TechnicalErrorKind.TemporaryResultCode)]
    public async Task Status_WithInjectedFault_IsTechnicalErrorOfItsKind(FaultKind fault, TechnicalErrorKind expected)
    {
        var qr = await CreateAsync(WirePaymentSystem.Sbp, 1m);
        _emulator.Host.AddFault(PosApi.GetPaymentStatus, fault);

        var status = await _emulator.Client.GetPaymentStatusAsync(qr.TransactionId, CallTimeout, CancellationToken.None);
        var after = await _emulator.Client.GetPaymentStatusAsync(qr.TransactionId, CallTimeout, CancellationToken.None);

        var error = Assert.IsType<WebMoneyOutcome<StatusAnswer>.TechnicalError>(status);
        Assert.Equal(expected, error.Kind);
        Assert.DoesNotContain(_emulator.Connection.Settings.AgentKey, error.Message);
        Assert.IsType<WebMoneyOutcome<StatusAnswer>.Success>(after);
    }

    [Theory]
    [InlineData(FaultKind.Http500, TechnicalErrorKind.HttpStatus)]
    [InlineData(FaultKind.SoapFault, TechnicalErrorKind.SoapFault)]
    [InlineData(FaultKind.Garbage, TechnicalErrorKind.Unreadable)]
    [InlineData(FaultKind.Drop, TechnicalErrorKind.Connect)]
    [InlineData(FaultKind.Temporary, TechnicalErrorKind.TemporaryResultCode)]
    public async Task CreateAndCancel_WithInjectedFault_AreTechnicalErrorsOfItsKind(FaultKind fault, TechnicalErrorKind expected)
    {
        _emulator.Host.AddFault(PosApi.CreateQrPayment, fault);
        _emulator.Host.AddFault(PosApi.CancelPayment, fault);

        var create = await _emulator.Client.CreateQrPaymentAsync(Command(WirePaymentSystem.Sbp, 1m), CallTimeout, CancellationToken.None);
        var cancel = await _emulator.Client.CancelPaymentAsync("any", CallTimeout, CancellationToken.None);

        Assert.Equal(expected, Assert.IsType<WebMoneyOutcome<QrCreated>.TechnicalError>(create).Kind);
        Assert.Equal(expected, Assert.IsType<WebMoneyOutcome<CancelAnswer>.TechnicalError>(cancel).Kind);
    }

    [Fact]
    public async Task Status_WhenServerHangs_IsTimeoutWithinTheCallTimeout()
    {
        var qr = await CreateAsync(WirePaymentSystem.Sbp, 1m);
        _emulator.Host.AddFault(PosApi.GetPaymentStatus, FaultKind.Hang);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var status = await _emulator.Client.GetPaymentStatusAsync(qr.TransactionId, TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(TechnicalErrorKind.Timeout, Assert.IsType<WebMoneyOutcome<StatusAnswer>.TechnicalError>(status).Kind);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Status_CancelledByCaller_ThrowsOperationCanceled()
    {
        var qr = await CreateAsync(WirePaymentSystem.Sbp, 1m);
        _emulator.Host.AddFault(PosApi.GetPaymentStatus, FaultKind.Hang);
        var calls = _emulator.Host.GetStats()[PosApi.GetPaymentStatus];
        using var cts = new CancellationTokenSource();

        var call = _emulator.Client.GetPaymentStatusAsync(qr.TransactionId, TimeSpan.FromSeconds(30), cts.Token);
        Assert.True(await Eventually.TrueAsync(() => _emulator.Host.GetStats()[PosApi.GetPaymentStatus] > calls, TimeSpan.FromSeconds(5), 10));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    private static CreateQrCommand Command(string system, decimal amount) =>
        new(Guid.NewGuid().ToString("N"), system, amount, "RUB", null);

    private async Task<QrCreated> CreateAsync(string system, decimal amount)
    {
        var created = await _emulator.Client.CreateQrPaymentAsync(Command(system, amount), CallTimeout, CancellationToken.None);
        return Assert.IsType<WebMoneyOutcome<QrCreated>.Success>(created).Value;
    }
}
