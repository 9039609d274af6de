using Gateway.Payments;
using Gateway.Storage;
using Gateway.WebMoney;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Gateway.Payments;

/// <summary>
/// The processor executing SPEC §4: driven on fake time against a real SQLite journal and a scripted WebMoney (the rules
/// alone: <see cref="PaymentLifecycleTests"/>). Creates and polls here; how a payment ends (deadline, cancel, late
/// paid) in PaymentProcessorTests.Endings.cs.
/// </summary>
public sealed partial class PaymentProcessorTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly PaymentsHarness _h = new(timeoutSeconds: 180, maxStatusErrors: 3);

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Create_Refused_FailedWebMoneyRejectedWithItsMessage()
    {
        _h.Client.Creates.Enqueue(new WebMoneyOutcome<QrCreated>.Refusal(20, "Сумма превышает лимит"));

        var result = await _h.Service.CreateAsync(PaymentsHarness.Request(), null, CancellationToken.None);

        var failed = Assert.IsType<CreateResult.Created>(result).Payment;
        Assert.Equal(PaymentStatus.Failed, failed.Status);
        Assert.Equal(PaymentErrorCodes.WebMoneyRejected, failed.Error!.Code);
        Assert.Contains("Сумма превышает лимит", failed.Error.Message);
    }

    [Fact]
    public async Task Create_TechnicalErrorsBeyondTheLimit_FailedWebMoneyUnavailable()
    {
        for (var i = 0; i < 4; i++)
        {
            _h.Client.Creates.Enqueue(ScriptedWebMoneyClient.Technical<QrCreated>());
        }

        var result = await _h.RunWithTimeAsync(_h.Service.CreateAsync(PaymentsHarness.Request(), null, CancellationToken.None));

        var failed = Assert.IsType<CreateResult.Created>(result).Payment;
        Assert.Equal(PaymentStatus.Failed, failed.Status);
        Assert.Equal(PaymentErrorCodes.WebMoneyUnavailable, failed.Error!.Code);
        Assert.Equal(4, _h.Client.CountOf(PosApi.CreateQrPayment));
    }

    [Fact]
    public async Task Create_TechnicalErrorsWithinTheLimit_RetriedWithTheSameExternalId()
    {
        _h.Client.Creates.Enqueue(ScriptedWebMoneyClient.Technical<QrCreated>(TechnicalErrorKind.Connect));
        _h.Client.Creates.Enqueue(ScriptedWebMoneyClient.Technical<QrCreated>(TechnicalErrorKind.Timeout));

        var payment = await _h.CreateAsync();

        Assert.Equal(PaymentStatus.Pending, payment.Status);
        Assert.NotNull(payment.QrPayload);
        Assert.Equal(3, _h.Client.CountOf(PosApi.CreateQrPayment));
    }

    [Fact]
    public async Task Poll_FirstStatusCheck_ComesOneIntervalAfterTheQr()
    {
        await _h.CreateAsync();

        await _h.AdvanceAsync(Interval - TimeSpan.FromMilliseconds(250));
        var before = _h.Client.CountOf(PosApi.GetPaymentStatus);
        await _h.AdvanceAsync(TimeSpan.FromMilliseconds(250));

        Assert.Equal(0, before);
        Assert.Equal(1, _h.Client.CountOf(PosApi.GetPaymentStatus));
    }

    [Fact]
    public async Task Poll_WebMoneySaysPaid_PaymentPaid()
    {
        var payment = await _h.CreateAsync();
        _h.Client.Statuses.Enqueue(ScriptedWebMoneyClient.Status(WireStatus.Paid));

        await _h.AdvanceAsync(Interval);

        var paid = await _h.GetAsync(payment.Id);
        Assert.Equal(PaymentStatus.Paid, paid.Status);
        Assert.Null(paid.Error);
        Assert.NotNull(paid.CompletedAt);
    }

    [Fact]
    public async Task Poll_ThreeTechnicalErrorsAGoodAnswerAndThreeMore_StillPending()
    {
        var payment = await _h.CreateAsync();
        for (var i = 0; i < 3; i++)
        {
            _h.Client.Statuses.Enqueue(ScriptedWebMoneyClient.Technical<StatusAnswer>());
        }
        _h.Client.Statuses.Enqueue(ScriptedWebMoneyClient.Status(WireStatus.WaitingForPayment));
        for (var i = 0; i < 3; i++)
        {
            _h.Client.Statuses.Enqueue(ScriptedWebMoneyClient.Technical<StatusAnswer>(TechnicalErrorKind.HttpStatus));
        }

        await _h.AdvanceAsync(7 * Interval);

        Assert.Equal(7, _h.Client.CountOf(PosApi.GetPaymentStatus));
        Assert.Equal(PaymentStatus.Pending, (await _h.GetAsync(payment.Id)).Status);
        Assert.Equal(3, (await _h.EntryAsync(payment.Id)).State.TechnicalErrors);
    }

    [Fact]
    public async Task Poll_FourthConsecutiveTechnicalError_FailsPaymentAsNotConfirmed_AndCancelsAtOnce()
    {
        var payment = await _h.CreateAsync();
        // The 5th status and the cancel are the "cancel at once" that follows the ending: unanswered too.
        for (var i = 0; i < 5; i++)
        {
            _h.Client.Statuses.Enqueue(ScriptedWebMoneyClient.Technical<StatusAnswer>(TechnicalErrorKind.Connect));
        }
        _h.Client.Cancels.Enqueue(ScriptedWebMoneyClient.Technical<CancelAnswer>());

        await _h.AdvanceAsync(3 * Interval);
        var afterThree = (await _h.GetAsync(payment.Id)).Status;
        await _h.AdvanceAsync(Interval);

        var failed = await _h.GetAsync(payment.Id);
        Assert.Equal(PaymentStatus.Pending, afterThree);
        Assert.Equal(PaymentStatus.Failed, failed.Status);
        Assert.Equal(PaymentErrorCodes.TechnicalErrors, failed.Error!.Code);
        Assert.Contains("не подтверждён", failed.Error.Message);
        Assert.True((await _h.GetAsync(payment.Id)).Unresolved);
        Assert.Equal(1, _h.Client.CountOf(PosApi.CancelPayment));
    }

    [Fact]
    public async Task Poll_ErrorStatus_DeclinesKeepingWebMoneysMessage()
    {
        var payment = await _h.CreateAsync();
        _h.Client.Statuses.Enqueue(ScriptedWebMoneyClient.Status(WireStatus.Rejected, "Недостаточно средств"));

        await _h.AdvanceAsync(Interval);

        var declined = await _h.GetAsync(payment.Id);
        Assert.Equal(PaymentStatus.Declined, declined.Status);
        Assert.Equal(PaymentErrorCodes.Declined, declined.Error!.Code);
        Assert.Contains("Недостаточно средств", declined.Error.Message);
        Assert.False((await _h.GetAsync(payment.Id)).Unresolved);
    }

    [Fact]
    public async Task Poll_DeclinedWithAReasonThatSaysDeclined_SaidOnce()
    {
        var payment = await _h.CreateAsync();
        _h.Client.Statuses.Enqueue(ScriptedWebMoneyClient.Status(WireStatus.Rejected, "Платёж отклонён плательщиком"));

        await _h.AdvanceAsync(Interval);

        var message = (await _h.GetAsync(payment.Id)).Error!.Message;
        Assert.Equal("Платёж отклонён плательщиком. Чек не оплачен.", message);
    }

    [Fact]
    public async Task ClientThrowsInsteadOfAnsweringAnOutcome_CountsAsATechnicalError()
    {
        var payment = await _h.CreateAsync();
        _h.Client.ThrowOnNextStatus = true;

        await _h.AdvanceAsync(Interval);

        Assert.Equal(PaymentStatus.Pending, (await _h.GetAsync(payment.Id)).Status);
        Assert.Equal(1, (await _h.EntryAsync(payment.Id)).State.TechnicalErrors);
    }

    [Fact]
    public async Task Announcements_FollowCommitOrder_AndEveryOneIsInTheJournalFileFirst()
    {
        using var directory = new TempDirectory("announce");
        var reader = new JournalFileReader(directory.File("payments.db"));
        using var h = new PaymentsHarness(directory: directory, observer: reader);
        var payment = await h.CreateAsync();
        h.Client.Statuses.Enqueue(ScriptedWebMoneyClient.Status(WireStatus.Paid));

        await h.AdvanceAsync(Interval);

        var seen = reader.Seen.Where(s => s.Announced.Id == payment.Id).ToList();
        Assert.Equal([PaymentStatus.Pending, PaymentStatus.Pending, PaymentStatus.Paid], seen.Select(s => s.Announced.Status));
        Assert.Equal(seen.Select(s => s.Announced.Version).Order(), seen.Select(s => s.Announced.Version));
        // When told, the observer finds exactly the announced state in the file: it was committed first.
        Assert.All(seen, s => Assert.Equal((s.Announced.Version, s.Announced.Status.ToString()), s.InFile));
        Assert.Null(seen[0].Announced.QrPayload);
        Assert.NotNull(seen[1].Announced.QrPayload);
    }

    /// <summary>On every announcement, reads the payment's row straight from the journal file (no cache, own connection).</summary>
    private sealed class JournalFileReader(string path) : IPaymentObserver
    {
        public List<(Payment Announced, (long, string)? InFile)> Seen { get; } = [];

        public ValueTask OnPaymentChangedAsync(Payment payment, CancellationToken cancellationToken)
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT version, status FROM payments WHERE id = $id";
            command.Parameters.AddWithValue("$id", payment.Id);
            using var row = command.ExecuteReader();
            Seen.Add((payment, row.Read() ? (row.GetInt64(0), row.GetString(1)) : null));
            return ValueTask.CompletedTask;
        }
    }
}
