using Gateway.Journal;
using Gateway.Payments;
using Gateway.Settings;
using Gateway.Storage;
using Gateway.WebMoney;
using Microsoft.Extensions.Time.Testing;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Gateway.Payments;

/// <summary>A new processor on the same journal file picks up what the previous one left (crash or restart).</summary>
public sealed class RestartRecoveryTests : IDisposable
{
    private readonly TempDirectory _directory = new("restart");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Restart_PendingPayment_ResumesPollingWithItsOriginalDeadline()
    {
        Payment payment;
        using (var before = new PaymentsHarness(directory: _directory, time: _time))
        {
            payment = await before.CreateAsync();
            await before.AdvanceAsync(TimeSpan.FromSeconds(60));
        }
        using var after = new PaymentsHarness(directory: _directory, time: _time);

        await after.Processor.ResumeAsync(CancellationToken.None);
        // 60 s went by before the stop: 120 s are left. Pending one second before, timed out one second after.
        await after.AdvanceAsync(TimeSpan.FromSeconds(119));
        var justBefore = await after.GetAsync(payment.Id);
        await after.AdvanceAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(PaymentStatus.Pending, justBefore.Status);
        Assert.True(after.Client.CountOf(PosApi.GetPaymentStatus) >= 20);
        var ended = await after.GetAsync(payment.Id);
        Assert.Equal(PaymentStatus.TimedOut, ended.Status);
        Assert.InRange(ended.CompletedAt!.Value, payment.Deadline, payment.Deadline.AddSeconds(1));
    }

    [Fact]
    public async Task Restart_PaymentCaughtBetweenCreateSentAndQrStored_CreateResentWithSameExternalId()
    {
        // What a crash right after the journal commit (before the create answer was stored) leaves behind.
        string id;
        using (var before = new PaymentsHarness(directory: _directory, time: _time))
        {
            var now = _time.GetUtcNow();
            id = Guid.NewGuid().ToString("N");
            var entry = new JournalEntry(new Payment
            {
                Id = id, Status = PaymentStatus.Pending, TerminalId = "1", Amount = 10m, PaymentSystem = PaymentSystem.Sbp,
                PaymentTypeCode = 5, CreatedAt = now, Deadline = now.AddSeconds(180), Version = 1,
            }, new LifecycleState { MaxStatusErrors = 3 });
            await before.Journal.TryBeginCreateAsync(entry, null, "hash", CancellationToken.None);
        }
        var client = new ScriptedWebMoneyClient();
        using var after = new PaymentsHarness(directory: _directory, time: _time, client: client);

        await after.Processor.ResumeAsync(CancellationToken.None);
        await after.AdvanceAsync(TimeSpan.FromSeconds(5));

        var resumed = await after.GetAsync(id);
        Assert.Equal(PaymentStatus.Pending, resumed.Status);
        Assert.Equal("T-" + id, resumed.TransactionId);
        Assert.NotNull(resumed.QrPayload);
        Assert.Equal(1, client.CountOf(PosApi.CreateQrPayment));
    }

    [Fact]
    public async Task Restart_CashierCancelsBeforeTheResumedCreateGotAnAnswer_CancelledUnresolved_TheCreateIsFollowedUpAndCancelled()
    {
        string id;
        using (var before = new PaymentsHarness(directory: _directory, time: _time))
        {
            var now = _time.GetUtcNow();
            id = Guid.NewGuid().ToString("N");
            await before.Journal.TryBeginCreateAsync(new JournalEntry(new Payment
            {
                Id = id, Status = PaymentStatus.Pending, TerminalId = "1", Amount = 10m, PaymentSystem = PaymentSystem.Sbp,
                CreatedAt = now, Deadline = now.AddSeconds(180), Version = 1,
            }, new LifecycleState { MaxStatusErrors = 3 }), null, "hash", CancellationToken.None);
        }
        var client = new ScriptedWebMoneyClient();
        client.Creates.Enqueue(ScriptedWebMoneyClient.Technical<QrCreated>(TechnicalErrorKind.Connect));
        using var after = new PaymentsHarness(directory: _directory, time: _time, client: client);

        var cancelled = await after.Service.CancelAsync(id, CancellationToken.None);
        var meanwhile = await after.GetAsync(id);
        // #23.3: the create may have reached WebMoney (before the crash, or the cut send): it is re-sent in the
        // background with the same ExternalId, and the transaction it learns is cancelled.
        await after.AdvanceAsync(TimeSpan.FromSeconds(31));
        var followedUp = await after.GetAsync(id);

        Assert.Equal(PaymentStatus.Cancelled, cancelled!.Status);
        Assert.Null(cancelled.TransactionId);
        Assert.True(meanwhile.Unresolved);
        Assert.Equal(PaymentStatus.Cancelled, followedUp.Status);
        Assert.Equal("T-" + id, followedUp.TransactionId);
        Assert.False(followedUp.Unresolved);
        Assert.Equal(1, client.CountOf(PosApi.CancelPayment));
        Assert.Equal(2, client.CountOf(PosApi.CreateQrPayment));
    }

    [Fact]
    public async Task Restart_ResumedCreatePastItsBound_LateQrCancelNotAnswered_UnresolvedAndTheCancelIsRetried()
    {
        // A create cut off by a crash, resumed after Gateway:CreateTimeoutSeconds (60 s) had passed: the POS was told
        // "unavailable", so the QR WebMoney now returns is never shown and must be cancelled (#23.3: until confirmed).
        string id;
        using (var before = new PaymentsHarness(directory: _directory, time: _time))
        {
            var now = _time.GetUtcNow();
            id = Guid.NewGuid().ToString("N");
            await before.Journal.TryBeginCreateAsync(new JournalEntry(new Payment
            {
                Id = id, Status = PaymentStatus.Pending, TerminalId = "1", Amount = 10m, PaymentSystem = PaymentSystem.Sbp,
                CreatedAt = now.AddSeconds(-90), Deadline = now.AddSeconds(90), Version = 1,
            }, new LifecycleState { MaxStatusErrors = 3 }), null, "hash", CancellationToken.None);
        }
        var client = new ScriptedWebMoneyClient();
        client.Cancels.Enqueue(ScriptedWebMoneyClient.Technical<CancelAnswer>());
        using var after = new PaymentsHarness(directory: _directory, time: _time, client: client);

        await after.Processor.ResumeAsync(CancellationToken.None);
        await after.AdvanceAsync(TimeSpan.FromSeconds(6)); // resumed within one poll interval
        var meanwhile = await after.GetAsync(id);
        await after.AdvanceAsync(TimeSpan.FromSeconds(31));
        var confirmed = await after.GetAsync(id);

        Assert.Equal(PaymentStatus.Failed, meanwhile.Status);
        Assert.Null(meanwhile.QrPayload);
        Assert.Equal("T-" + id, meanwhile.TransactionId);
        Assert.True(meanwhile.Unresolved, "the late QR's cancel was not confirmed: it is retried");
        Assert.False(confirmed.Unresolved);
        Assert.Equal(2, client.CountOf(PosApi.CancelPayment));
        Assert.Equal(PaymentErrorCodes.WebMoneyUnavailable, confirmed.Error!.Code);
    }

    [Fact]
    public async Task Restart_SettingsUnusableAtStartThenFixed_PollsReachWebMoneyAgain()
    {
        Payment payment;
        using (var before = new PaymentsHarness(directory: _directory, time: _time))
        {
            payment = await before.CreateAsync();
        }
        using var after = new PaymentsHarness(directory: _directory, time: _time);
        var usable = after.Settings.Current;
        after.Settings.Current = new SettingsSnapshot { Problem = "WebMoneySettings.txt is locked" };

        await after.Processor.ResumeAsync(CancellationToken.None);
        await after.AdvanceAsync(TimeSpan.FromSeconds(10));
        var callsWhileBroken = after.Client.CountOf(PosApi.GetPaymentStatus);
        after.Settings.Current = usable;
        after.Client.DefaultStatus = WireStatus.Paid;
        await after.AdvanceAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(0, callsWhileBroken);
        Assert.Equal(PaymentStatus.Paid, (await after.GetAsync(payment.Id)).Status);
    }

    [Fact]
    public async Task Restart_UnresolvedEnding_KeepsBeingChecked()
    {
        Payment payment;
        using (var before = new PaymentsHarness(directory: _directory, time: _time))
        {
            payment = await before.CreateAsync();
            for (var i = 0; i < 4; i++)
            {
                before.Client.Statuses.Enqueue(ScriptedWebMoneyClient.Technical<StatusAnswer>());
            }
            before.Client.Cancels.Enqueue(ScriptedWebMoneyClient.Technical<CancelAnswer>());
            await before.AdvanceAsync(TimeSpan.FromSeconds(20));
        }
        using var after = new PaymentsHarness(directory: _directory, time: _time);
        after.Client.DefaultStatus = WireStatus.Paid;

        await after.Processor.ResumeAsync(CancellationToken.None);
        await after.AdvanceAsync(TimeSpan.FromMinutes(1));

        var late = await after.GetAsync(payment.Id);
        Assert.Equal(PaymentStatus.Failed, late.Status);
        Assert.True(late.LatePaid);
    }
}
