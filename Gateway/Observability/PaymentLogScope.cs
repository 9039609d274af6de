using System.Collections;
using Gateway.Payments;

namespace Gateway.Observability;

/// <summary>
/// The log scope of one payment operation: PaymentId, TerminalId and TransactionId on every line logged inside
/// it (console, OTLP and any provider that reads scopes). Mutable on purpose: the transaction id is known only
/// once WebMoney answers the create, and <see cref="PaymentMetricsObserver"/> fills it in from the commit.
/// </summary>
public sealed class PaymentLogScope : IReadOnlyList<KeyValuePair<string, object?>>, IDisposable
{
    private static readonly AsyncLocal<PaymentLogScope?> CurrentScope = new();

    private readonly PaymentLogScope? _outer;
    private IDisposable? _loggerScope;
    private string? _terminalId;
    private string? _transactionId;

    private PaymentLogScope(string paymentId, string? terminalId, string? transactionId)
    {
        PaymentId = paymentId;
        _terminalId = terminalId;
        _transactionId = transactionId;
        _outer = CurrentScope.Value;
    }

    /// <summary>The innermost payment scope of this async flow, if any.</summary>
    public static PaymentLogScope? Current => CurrentScope.Value;

    public string PaymentId { get; }

    public string? TerminalId => Volatile.Read(ref _terminalId);

    public string? TransactionId => Volatile.Read(ref _transactionId);

    public int Count => 3;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("PaymentId", PaymentId),
        1 => new("TerminalId", TerminalId),
        2 => new("TransactionId", TransactionId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public static PaymentLogScope Begin(ILogger logger, string paymentId, string? terminalId = null, string? transactionId = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var scope = new PaymentLogScope(paymentId, terminalId, transactionId);
        scope._loggerScope = logger.BeginScope(scope);
        CurrentScope.Value = scope;
        return scope;
    }

    /// <summary>Takes the terminal and transaction id from a committed change of this payment.</summary>
    public void Update(Payment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        if (payment.Id != PaymentId)
        {
            return;
        }
        Volatile.Write(ref _terminalId, payment.TerminalId);
        if (payment.TransactionId is not null)
        {
            Volatile.Write(ref _transactionId, payment.TransactionId);
        }
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"PaymentId:{PaymentId} TerminalId:{TerminalId} TransactionId:{TransactionId}";

    public void Dispose()
    {
        CurrentScope.Value = _outer;
        _loggerScope?.Dispose();
    }
}

/// <summary>The span and the log scope of one background pass over a due payment.</summary>
public sealed class PollTrace : IDisposable
{
    private readonly System.Diagnostics.Activity? _activity;
    private readonly PaymentLogScope? _scope;

    private PollTrace(System.Diagnostics.Activity? activity, PaymentLogScope? scope)
    {
        _activity = activity;
        _scope = scope;
    }

    /// <param name="paymentId">The due payment.</param>
    /// <param name="logger">Any logger of the host (scopes are shared by all its loggers); none: no scope.</param>
    /// <param name="known">Where the terminal and transaction id of a pending payment are found without a journal read.</param>
    public static PollTrace Begin(string paymentId, ILogger? logger, PaymentMetricsObserver? known)
    {
        var activity = GatewayActivity.StartPoll(paymentId);
        if (logger is null)
        {
            return new PollTrace(activity, null);
        }
        var payment = known?.FindPending(paymentId);
        return new PollTrace(activity, PaymentLogScope.Begin(logger, paymentId, payment?.TerminalId, payment?.TransactionId));
    }

    public void Dispose()
    {
        _scope?.Dispose();
        _activity?.Dispose();
    }
}
