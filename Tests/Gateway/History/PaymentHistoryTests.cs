using Gateway.History;
using Gateway.Journal;
using Gateway.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Tests.Support;

namespace Tests.Gateway.History;

/// <summary>The history writer on a real SQLite file: collapsing, once-only facts across a restart.</summary>
public sealed class PaymentHistoryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _data = new("history");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task ConsecutiveIdenticalAnswers_AreOneRow_WithTheirCountAndLastTime_AndARunAfterAnotherAnswerIsANewRow()
    {
        await using var history = await StartAsync();

        for (var i = 0; i < 36; i++)
        {
            history.Record(Waiting(T0.AddSeconds(5 * i)));
        }
        history.Record(Call(T0.AddSeconds(181), "technicalError", null));
        history.Record(Waiting(T0.AddSeconds(186)));
        var items = await history.ReadAsync("p1", CancellationToken.None);

        Assert.Equal(3, items.Count);
        Assert.Equal(36, items[0].Count);
        Assert.Equal(T0, items[0].At);
        Assert.Equal(T0.AddSeconds(175), items[0].LastAt);
        Assert.Equal("technicalError", items[1].Outcome);
        Assert.Equal(1, items[2].Count);
        Assert.Equal([1, 2, 3], items.Select(e => e.Seq));
    }

    [Fact]
    public async Task AfterARestart_OnceOnlyFactsAreNotRepeated_AndSequenceGoesOn()
    {
        await using (var first = await StartAsync())
        {
            first.Record(Fact(PaymentEventKinds.Created, T0));
            first.Record(Fact(PaymentEventKinds.QrIssued, T0.AddSeconds(1)));
            first.Record(new PaymentEvent("p1", null, T0.AddSeconds(200), PaymentEventKinds.Final, "Итог", Outcome: HistoryObserver.UnresolvedMark));
            await first.ReadAsync("p1", CancellationToken.None);
        }

        await using var second = await StartAsync();
        second.Record(Fact(PaymentEventKinds.Created, T0));
        second.Record(Fact(PaymentEventKinds.QrIssued, T0.AddSeconds(1)));
        second.Record(Fact(PaymentEventKinds.Final, T0.AddSeconds(200)));
        second.Record(Fact(PaymentEventKinds.LatePaid, T0.AddSeconds(400)));
        var items = await second.ReadAsync("p1", CancellationToken.None);

        Assert.Equal([PaymentEventKinds.Created, PaymentEventKinds.QrIssued, PaymentEventKinds.Final, PaymentEventKinds.LatePaid], items.Select(e => e.Kind));
        Assert.Equal([1, 2, 3, 4], items.Select(e => e.Seq));
    }

    [Fact]
    public async Task Resolved_IsWrittenOnlyAfterAnUnresolvedEnding()
    {
        await using var history = await StartAsync();

        history.Record(new PaymentEvent("definite", null, T0, PaymentEventKinds.Final, "Итог: отклонён"));
        history.Record(new PaymentEvent("definite", null, T0, PaymentEventKinds.Resolved, HistoryTexts.Resolved));
        history.Record(new PaymentEvent("open", null, T0, PaymentEventKinds.Final, "Итог", Outcome: HistoryObserver.UnresolvedMark));
        history.Record(new PaymentEvent("open", null, T0.AddMinutes(1), PaymentEventKinds.Resolved, HistoryTexts.Resolved));

        Assert.DoesNotContain(await history.ReadAsync("definite", CancellationToken.None), e => e.Kind == PaymentEventKinds.Resolved);
        Assert.Contains(await history.ReadAsync("open", CancellationToken.None), e => e.Kind == PaymentEventKinds.Resolved);
    }

    private async Task<Host> StartAsync()
    {
        var journal = new PaymentJournal(_data.File("payments.db"));
        var history = new PaymentHistory(new HistoryJournal(_data.Path), journal, NullLogger<PaymentHistory>.Instance);
        await history.StartAsync(CancellationToken.None);
        return new Host(history, journal);
    }

    private static PaymentEvent Waiting(DateTimeOffset at) => Call(at, "success", "WaitingForPayment");

    private static PaymentEvent Call(DateTimeOffset at, string outcome, string? status) =>
        new("p1", null, at, PaymentEventKinds.WebMoneyCall, "WebMoney, запрос статуса", "GetPaymentStatus", outcome, status);

    private static PaymentEvent Fact(string kind, DateTimeOffset at) => new("p1", null, at, kind, kind);

    private sealed class Host(PaymentHistory history, PaymentJournal journal) : IAsyncDisposable
    {
        public void Record(PaymentEvent e) => history.Record(e);

        public Task<IReadOnlyList<PaymentEventResponse>> ReadAsync(string id, CancellationToken ct) => history.ReadAsync(id, ct);

        public async ValueTask DisposeAsync()
        {
            await history.StopAsync(CancellationToken.None);
            history.Dispose();
            journal.Dispose();
        }
    }
}
