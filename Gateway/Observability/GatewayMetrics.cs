using System.Diagnostics;
using System.Diagnostics.Metrics;
using Gateway.Display;
using Gateway.Payments;
using Gateway.WebMoney;

namespace Gateway.Observability;

/// <summary>
/// The gateway's instruments (SPEC §13), exported at <c>/metrics</c> (docs/operations.md lists each one).
/// Static on purpose: the poll scheduler and the journal record with one line, without a constructor
/// parameter threaded through them. One process hosts one gateway, so one meter per process is exact;
/// only tests that host several gateways at once see each other's counts.
/// </summary>
public static class GatewayMetrics
{
    public const string MeterName = "LocalPayGateway";

    private static readonly Meter Meter = new(MeterName, typeof(GatewayMetrics).Assembly.GetName().Version?.ToString());

    // Seconds, from a 5 ms poll or commit to a 10 s WebMoney timeout: the OpenTelemetry default buckets are in ms.
    private static readonly double[] SecondsBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private static readonly Counter<long> Created = Meter.CreateCounter<long>(
        "localpay_payments_created", description: "Payments written to the journal (POST /payments that passed validation).");

    private static readonly Counter<long> Completed = Meter.CreateCounter<long>(
        "localpay_payments_completed", description: "Payments that reached a final status, by that status.");

    private static readonly Counter<long> LatePaid = Meter.CreateCounter<long>(
        "localpay_payments_late_paid", description: "Payments WebMoney reported paid after they had ended otherwise: money to hand back or to book.");

    private static readonly Counter<long> Refunds = Meter.CreateCounter<long>(
        "localpay_refunds", description: "Refunds that ended (succeeded, failed) or became unresolved, by that status.");

    private static readonly Counter<long> WebMoneyCalls = Meter.CreateCounter<long>(
        "localpay_webmoney_calls", description: "Calls to WebMoney, by operation and outcome (success, refusal or the technical error's kind).");

    private static readonly Histogram<double> WebMoneyCallDuration = Meter.CreateHistogram(
        "localpay_webmoney_call_duration", unit: "s", description: "Duration of one WebMoney call, by operation and outcome.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    private static readonly Histogram<double> PollLateness = Meter.CreateHistogram(
        "localpay_poll_lateness", unit: "s", description: "How late a due poll was taken up by the poller (now minus its due time).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    private static readonly Histogram<double> JournalCommit = Meter.CreateHistogram(
        "localpay_journal_commit_duration", unit: "s", description: "Duration of one journal transaction (a batch of writes, fsync included).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    private static readonly PendingRegistry Pending = new();

    static GatewayMetrics()
    {
        Meter.CreateObservableGauge("localpay_payments_pending", Pending.Count,
            description: "Payments pending now (waiting for the customer or for WebMoney's answer).");
        Meter.CreateObservableGauge("localpay_payments_oldest_pending_age", Pending.OldestAge, unit: "s",
            description: "Age of the oldest pending payment; above the payment timeout means a payment is stuck.");
    }

    // terminal_id and pos_number (SPEC §15): which till, under which WebMoney identity; a shop has a handful of tills.
    public static void RecordCreated(Payment payment) =>
        Created.Add(1, new("payment_system", SystemName(payment.PaymentSystem)), new("terminal_id", payment.TerminalId),
            new("pos_number", payment.PosNumber ?? ""));

    public static void RecordCompleted(Payment payment) =>
        Completed.Add(1, new("payment_system", SystemName(payment.PaymentSystem)), new("status", StatusName(payment.Status)),
            new("error_code", payment.Error?.Code ?? ""), new("terminal_id", payment.TerminalId));

    public static void RecordLatePaid(Payment payment) =>
        LatePaid.Add(1, new KeyValuePair<string, object?>("payment_system", SystemName(payment.PaymentSystem)));

    /// <summary>One call per refund that reached <paramref name="status"/>: succeeded, failed or unresolved.</summary>
    public static void RecordRefund(string status) =>
        Refunds.Add(1, new KeyValuePair<string, object?>("status", status));

    /// <summary>One WebMoney call; <paramref name="posNumber"/> is the identity it went out under (SPEC §15), so a till whose certificate is refused shows by its POS.</summary>
    public static void RecordWebMoneyCall(string operation, string outcome, TimeSpan duration, string? posNumber = null)
    {
        var tags = new TagList { { "operation", operation }, { "outcome", outcome }, { "pos_number", posNumber ?? "" } };
        WebMoneyCalls.Add(1, tags);
        WebMoneyCallDuration.Record(duration.TotalSeconds, tags);
    }

    public static void RecordPollLateness(TimeSpan lateness) => PollLateness.Record(Math.Max(0, lateness.TotalSeconds));

    /// <summary><c>using var _ = GatewayMetrics.TimeJournalCommit();</c> around one journal transaction.</summary>
    public static CommitTimer TimeJournalCommit() => new(Stopwatch.GetTimestamp());

    /// <summary>Lets the host's pending-payments view feed the gauges; disposing the result detaches it.</summary>
    public static IDisposable ObservePending(Func<TimeProvider, (int Count, TimeSpan OldestAge)> source, TimeProvider time) =>
        Pending.Add(source, time);

    /// <summary>The API's camelCase name of a payment system.</summary>
    public static string SystemName(PaymentSystem system) => system.ApiName();

    public static string StatusName(PaymentStatus status) => status switch
    {
        PaymentStatus.TimedOut => "timedOut",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>The outcome label: <c>success</c>, <c>refusal</c>, or the technical error's kind in snake_case.</summary>
    public static string OutcomeName<T>(WebMoneyOutcome<T> outcome) => outcome switch
    {
        WebMoneyOutcome<T>.Success => "success",
        WebMoneyOutcome<T>.Refusal => "refusal",
        WebMoneyOutcome<T>.TechnicalError e => KindName(e.Kind),
        _ => "unknown",
    };

    public static string KindName(TechnicalErrorKind kind) => kind switch
    {
        TechnicalErrorKind.Connect => "connect",
        TechnicalErrorKind.Tls => "tls",
        TechnicalErrorKind.Timeout => "timeout",
        TechnicalErrorKind.HttpStatus => "http_status",
        TechnicalErrorKind.SoapFault => "soap_fault",
        TechnicalErrorKind.Unreadable => "unreadable",
        TechnicalErrorKind.TemporaryResultCode => "temporary_result_code",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public readonly struct CommitTimer(long started) : IDisposable
    {
        public void Dispose() => JournalCommit.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>The pending views of the hosts alive in this process (one, outside tests).</summary>
    private sealed class PendingRegistry
    {
        private readonly List<(Func<TimeProvider, (int, TimeSpan)> Source, TimeProvider Time)> _sources = [];

        public IDisposable Add(Func<TimeProvider, (int, TimeSpan)> source, TimeProvider time)
        {
            var entry = (source, time);
            lock (_sources)
            {
                _sources.Add(entry);
            }
            return new Detach(() =>
            {
                lock (_sources)
                {
                    _sources.Remove(entry);
                }
            });
        }

        public int Count() => Read().Sum(r => r.Count);

        public double OldestAge() => Read().Select(r => r.Oldest.TotalSeconds).DefaultIfEmpty(0).Max();

        private List<(int Count, TimeSpan Oldest)> Read()
        {
            lock (_sources)
            {
                return [.. _sources.Select(s => s.Source(s.Time))];
            }
        }
    }

    private sealed class Detach(Action action) : IDisposable
    {
        private Action? _action = action;

        public void Dispose() => Interlocked.Exchange(ref _action, null)?.Invoke();
    }
}
