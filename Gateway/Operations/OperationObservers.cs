namespace Gateway.Operations;

/// <summary>
/// Told about every committed change of an operation (a payment, a refund) AFTER it is in the journal: long-polls,
/// metrics, history, the display. Must be quick and must not throw; called in commit order per operation.
/// </summary>
/// <typeparam name="T">The operation's committed state.</typeparam>
public interface IOperationObserver<in T> where T : class
{
    /// <param name="before">The state before the change (null: the operation was just created).</param>
    /// <param name="after">The state committed.</param>
    /// <param name="cancellationToken">Never cancelled by the engine: a committed change is always announced.</param>
    ValueTask OnChangedAsync(T? before, T after, CancellationToken cancellationToken);

    /// <summary>A request from outside reached the operation, before it is carried out (its history records it). Default: nothing.</summary>
    ValueTask OnRequestedAsync(T current, OperationRequest request, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>Requests from outside that an operation's observers hear about.</summary>
public enum OperationRequest
{
    /// <summary>The cashier cancels (POST /payments/{id}/cancel).</summary>
    Cancel,
    /// <summary>The administrator's «Проверить сейчас».</summary>
    CheckNow,
}

/// <summary>The one way a committed change is announced: to every observer, in order; one that throws is logged and skipped.</summary>
public sealed partial class Announcer<T>(IEnumerable<IOperationObserver<T>> observers, ILogger logger) where T : class
{
    private readonly IOperationObserver<T>[] _observers = [.. observers];

    public Task AnnounceAsync(string id, T? before, T after) => TellAsync(id, o => o.OnChangedAsync(before, after, CancellationToken.None));

    public Task AnnounceRequestAsync(string id, T current, OperationRequest request) =>
        TellAsync(id, o => o.OnRequestedAsync(current, request, CancellationToken.None));

    private async Task TellAsync(string id, Func<IOperationObserver<T>, ValueTask> tell)
    {
        foreach (var observer in _observers)
        {
            try
            {
                await tell(observer);
            }
            catch (Exception ex)
            {
                LogObserverFailed(logger, ex, observer.GetType().Name, id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Observer {Observer} failed on {OperationId}")]
    private static partial void LogObserverFailed(ILogger logger, Exception ex, string observer, string operationId);
}

/// <summary>Wakes the long-polls waiting on an operation once its change is committed (GET …?waitSeconds=N).</summary>
public sealed class LongPolls<T>(Waiters<T> waiters, Func<T, string> idOf) : IOperationObserver<T> where T : class
{
    public ValueTask OnChangedAsync(T? before, T after, CancellationToken cancellationToken)
    {
        waiters.Announce(idOf(after), after);
        return ValueTask.CompletedTask;
    }
}
