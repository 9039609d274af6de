using Gateway.Journal;
using Gateway.Payments;
using Gateway.Storage;
using Gateway.WebMoney;
using Microsoft.Extensions.Logging;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Gateway.Payments;

/// <summary>How a payment ends: at its deadline, by the cashier's cancel, or after it ended (late paid, unresolved).</summary>
public sealed partial class PaymentProcessorTests
{
    [Fact]
    public async Task Deadline_SendsCancelThenOneFinalCheck_EndsTimedOut()
    {
        var payment = await _h.CreateAsync();

        await _h.AdvanceAsync(TimeSpan.FromSeconds(179));
        var beforeDeadline = (await _h.GetAsync(payment.Id)).Status;
        var statusCallsBefore = _h.Client.CountOf(PosApi.GetPaymentStatus);
        await _h.AdvanceAsync(TimeSpan.FromSeconds(1));

        var timedOut = await _h.GetAsync(payment.Id);
        Assert.Equal(PaymentStatus.Pending, beforeDeadline);
        Assert.Equal(PaymentStatus.TimedOut, timedOut.Status);
        Assert.Equal(PaymentErrorCodes.Timeout, timedOut.Error!.Code);
        Assert.Equal(1, _h.Client.CountOf(PosApi.CancelPayment));
        Assert.Equal(statusCallsBefore + 1, _h.Client.CountOf(PosApi.GetPaymentStatus));
        Assert.Equal(PosApi.GetPaymentStatus, _h.Client.Calls.Last());
        Assert.False((await _h.GetAsync(payment.Id)).Unresolved);
    }

    [Fact]
    public async Task Deadline_PaidAtTheFinalCheck_EndsPaid()
    {
        var payment = await _h.CreateAsync();
        await _h.AdvanceAsync(TimeSpan.FromSeconds(175));
        _h.Client.DefaultStatus = WireStatus.Paid;

        await _h.AdvanceAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(PaymentStatus.Paid, (await _h.GetAsync(payment.Id)).Status);
    }

    [Fact]
    public async Task Deadline_CancelAndFinalCheckUnanswered_TimedOutButNeverSaysTheReceiptIsUnpaid()
    {
        var payment = await _h.CreateAsync();
        await _h.AdvanceAsync(TimeSpan.FromSeconds(175));
        _h.Client.Cancels.Enqueue(ScriptedWebMoneyClient.Technical<CancelAnswer>());
        _h.Client.Statuses.Enqueue(ScriptedWebMoneyClient.Technical<StatusAnswer>());

        await _h.AdvanceAsync(TimeSpan.FromSeconds(5));

        var ended = await _h.GetAsync(payment.Id);
        Assert.Equal(PaymentStatus.TimedOut, ended.Status);
        Assert.True(ended.Unresolved);
        Assert.DoesNotContain(CashierMessages.NotPaid, ended.Error!.Message);
        Assert.Contains("не подтверждена", ended.Error.Message);
    }

    [Fact]
    public async Task Cancel_WebMoneyReportsPaidDuringTheCancel_EndsPaid()
    {
        var payment = await _h.CreateAsync();
        _h.Client.Cancels.Enqueue(new WebMoneyOutcome<CancelAnswer>.Success(new CancelAnswer(WireStatus.Paid)));
        _h.Client.Statuses.Enqueue(ScriptedWebMoneyClient.Status(WireStatus.Paid));

        var result = await _h.Service.CancelAsync(payment.Id, CancellationToken.None);

        Assert.Equal(PaymentStatus.Paid, result!.Status);
        Assert.Equal(PaymentStatus.Paid, (await _h.GetAsync(payment.Id)).Status);
    }

    [Fact]
    public async Task Cancel_ByCashier_CancelledWithDefiniteNotPaid()
    {
        var payment = await _h.CreateAsync();

        var result = await _h.Service.CancelAsync(payment.Id, CancellationToken.None);

        Assert.Equal(PaymentStatus.Cancelled, result!.Status);
        Assert.Equal(PaymentErrorCodes.CancelledByCashier, result.Error!.Code);
        Assert.Equal(1, _h.Client.CountOf(PosApi.CancelPayment));
        Assert.False((await _h.GetAsync(payment.Id)).Unresolved);
    }

    [Fact]
    public async Task Cancel_FinalPayment_ChangesNothing()
    {
        var payment = await _h.CreateAsync();
        _h.Client.Statuses.Enqueue(ScriptedWebMoneyClient.Status(WireStatus.Paid));
        await _h.AdvanceAsync(Interval);

        var result = await _h.Service.CancelAsync(payment.Id, CancellationToken.None);

        Assert.Equal(PaymentStatus.Paid, result!.Status);
        Assert.Equal(0, _h.Client.CountOf(PosApi.CancelPayment));
    }

    [Fact]
    public async Task LatePaid_AfterTechnicalErrors_RecordedLoggedAndListedForAttention()
    {
        var payment = await _h.CreateAsync();
        for (var i = 0; i < 4; i++)
        {
            _h.Client.Statuses.Enqueue(ScriptedWebMoneyClient.Technical<StatusAnswer>());
        }
        _h.Client.Cancels.Enqueue(ScriptedWebMoneyClient.Technical<CancelAnswer>());
        await _h.AdvanceAsync(4 * Interval);
        Assert.Equal(PaymentStatus.Failed, (await _h.GetAsync(payment.Id)).Status);
        _h.Client.DefaultStatus = WireStatus.Paid;

        await _h.AdvanceAsync(TimeSpan.FromMinutes(2));

        var late = await _h.GetAsync(payment.Id);
        Assert.Equal(PaymentStatus.Failed, late.Status);
        Assert.True(late.LatePaid);
        var attention = await _h.Journal.ListAsync(new JournalQuery(null, null, null, null, true, 50, null), CancellationToken.None);
        Assert.Contains(attention.Items, p => p.Id == payment.Id);
        Assert.Contains(_h.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("LATE PAID"));
    }

    [Fact]
    public async Task Unresolved_BackgroundCheckConfirmsNotPaid_LeavesAttentionList()
    {
        var payment = await _h.CreateAsync();
        for (var i = 0; i < 5; i++)
        {
            _h.Client.Statuses.Enqueue(ScriptedWebMoneyClient.Technical<StatusAnswer>());
        }
        _h.Client.Cancels.Enqueue(ScriptedWebMoneyClient.Technical<CancelAnswer>());
        await _h.AdvanceAsync(4 * Interval);
        var attentionBefore = await _h.Journal.ListAsync(new JournalQuery(null, null, null, null, true, 50, null), CancellationToken.None);

        await _h.AdvanceAsync(TimeSpan.FromMinutes(1));

        var attentionAfter = await _h.Journal.ListAsync(new JournalQuery(null, null, null, null, true, 50, null), CancellationToken.None);
        Assert.Contains(attentionBefore.Items, p => p.Id == payment.Id);
        Assert.DoesNotContain(attentionAfter.Items, p => p.Id == payment.Id);
        Assert.False((await _h.GetAsync(payment.Id)).LatePaid);
    }
}
