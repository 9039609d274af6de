using System.Diagnostics;
using Gateway.WebMoney;

namespace Gateway.Observability;

/// <summary>
/// The span of every WebMoney call (SPEC §13): a client span, a child of the request's span (ASP.NET Core) or of the
/// poll's span in the background, with the operation, the identity, the transaction or payment and the outcome.
/// </summary>
public sealed class WebMoneyCallTracing : IWebMoneyCallObserver
{
    public IWebMoneyCallScope? OnCall(WebMoneyCall call)
    {
        var activity = GatewayActivity.Source.StartActivity("WebMoney " + call.Operation, ActivityKind.Client);
        if (activity is null)
        {
            return null; // nobody listens
        }
        activity.SetTag("rpc.system", "soap");
        activity.SetTag("rpc.method", call.Operation);
        activity.SetTag("localpay.pos_number", call.PosNumber);
        if (call.TransactionId is not null)
        {
            activity.SetTag("localpay.transaction_id", call.TransactionId);
        }
        if (call.PaymentId is not null)
        {
            activity.SetTag("localpay.payment_id", call.PaymentId);
        }
        return new Scope(activity);
    }

    private sealed class Scope(Activity activity) : IWebMoneyCallScope
    {
        public void OnAnswered<T>(WebMoneyOutcome<T> outcome)
        {
            activity.SetTag("localpay.outcome", GatewayMetrics.OutcomeName(outcome));
            if (outcome is WebMoneyOutcome<T>.TechnicalError error)
            {
                activity.SetStatus(ActivityStatusCode.Error, error.Kind.ToString());
            }
        }

        public void OnAbandoned() => activity.SetTag("localpay.outcome", "cancelled");

        public void Dispose() => activity.Dispose();
    }
}

/// <summary>The WebMoney call metrics (SPEC §13): calls by operation, outcome and identity, and their duration.</summary>
public sealed class WebMoneyCallMetrics : IWebMoneyCallObserver
{
    public IWebMoneyCallScope? OnCall(WebMoneyCall call) => new Scope(call, Stopwatch.GetTimestamp());

    private sealed class Scope(WebMoneyCall call, long started) : IWebMoneyCallScope
    {
        public void OnAnswered<T>(WebMoneyOutcome<T> outcome) => Record(GatewayMetrics.OutcomeName(outcome));

        public void OnAbandoned() => Record("cancelled");

        private void Record(string outcome) =>
            GatewayMetrics.RecordWebMoneyCall(call.Operation, outcome, Stopwatch.GetElapsedTime(started), call.PosNumber);

        public void Dispose()
        {
        }
    }
}
