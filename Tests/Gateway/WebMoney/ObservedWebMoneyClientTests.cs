using Gateway.Storage;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Gateway.Admin;
using Gateway.History;
using Gateway.Journal;
using Gateway.Observability;
using Gateway.WebMoney;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Tests.Gateway.Observability;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Gateway.WebMoney;

/// <summary>
/// The one hook on WebMoney calls: history, metrics and traces subscribe to it, so the order the features are added in
/// does not matter (issue #24.2). Through the real emulator.
/// </summary>
[Collection(ObservabilityCollection.Name)]
public sealed class ObservedWebMoneyClientTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task FeaturesAddedBeforeWebMoney_ACall_IsInTheHistory_TheMetrics_AndTheTrace()
    {
        using var directory = new TempDirectory("observed");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        // The other order than Program's: the observers first, WebMoney last.
        builder.AddObservability();
        builder.AddAdmin();
        builder.Services.AddSingleton<IPaymentStore>(new PaymentJournal(directory.File("payments.db")));
        builder.Services.AddSingleton<IHistoryStore>(new HistoryJournal(directory.Path));
        builder.AddWebMoney();
        await using var app = builder.Build();
        var history = app.Services.GetRequiredService<PaymentHistory>();
        await history.StartAsync(CancellationToken.None);
        var calls = new ConcurrentQueue<(string Operation, string Outcome)>();
        using var meter = ListenToWebMoneyCalls(calls);
        var spans = new ConcurrentQueue<Activity>();
        using var tracer = ListenToSpans(spans);
        var paymentId = Guid.NewGuid().ToString("N");

        var outcome = await app.Services.GetRequiredService<IWebMoneyClientFactory>().GetClient(emulator.Connection)
            .CreateQrPaymentAsync(new CreateQrCommand(paymentId, WirePaymentSystem.Sbp, 10.00m, "RUB", null), TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.IsType<WebMoneyOutcome<QrCreated>.Success>(outcome);
        var events = await history.ReadAsync(paymentId, CancellationToken.None);
        var call = Assert.Single(events, e => e.Kind == PaymentEventKinds.WebMoneyCall);
        Assert.Equal(PosApi.CreateQrPayment, call.Operation);
        Assert.Equal("success", call.Outcome);
        Assert.Contains((PosApi.CreateQrPayment, "success"), calls);
        var span = Assert.Single(spans, a => a.GetTagItem("localpay.payment_id") as string == paymentId);
        Assert.Equal("WebMoney CreateQrPayment", span.OperationName);
        Assert.Equal("success", span.GetTagItem("localpay.outcome"));
        await history.StopAsync(CancellationToken.None);
    }

    private static MeterListener ListenToWebMoneyCalls(ConcurrentQueue<(string, string)> calls)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == GatewayMetrics.MeterName && instrument.Name == "localpay_webmoney_calls")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            string? operation = null, outcome = null;
            foreach (var tag in tags)
            {
                operation = tag.Key == "operation" ? tag.Value as string : operation;
                outcome = tag.Key == "outcome" ? tag.Value as string : outcome;
            }
            calls.Enqueue((operation ?? "", outcome ?? ""));
        });
        listener.Start();
        return listener;
    }

    private static ActivityListener ListenToSpans(ConcurrentQueue<Activity> spans)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == GatewayActivity.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
