using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace KassirClient.Internal;

/// <summary>
/// Where the POS's QR callback runs. Printing usually goes through a fiscal printer driver that belongs to the
/// UI thread, so the callback runs where the caller is: on its SynchronizationContext for the async form, and on
/// the blocked calling thread itself for the blocking form (see <see cref="CallerThreadPump"/>).
/// </summary>
internal static class QrCallbacks
{
    public static Func<QrIssued, Task>? OnCallerContext(Action<QrIssued>? onQr)
    {
        if (onQr is null)
        {
            return null;
        }

        var context = SynchronizationContext.Current;
        if (context is null || context.GetType() == typeof(SynchronizationContext))
        {
            return qr =>
            {
                onQr(qr);
                return Task.CompletedTask;
            };
        }

        return qr => Post(action => context.Post(_ => action(), null), onQr, qr);
    }

    public static Task Post(Action<Action> post, Action<QrIssued> onQr, QrIssued qr)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        post(() =>
        {
            try
            {
                onQr(qr);
                done.TrySetResult(true);
            }
#pragma warning disable CA1031 // Handed back to the flow, which cancels the payment.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                done.TrySetException(ex);
            }
        });
        return done.Task;
    }
}

/// <summary>
/// Lets a blocking call run the QR callback on the thread it blocks: that thread waits here for either a
/// callback to run or the work to end, so a UI thread keeps owning its printer and nothing deadlocks.
/// </summary>
internal sealed class CallerThreadPump : IDisposable
{
    private readonly BlockingCollection<Action> work = new();

    public Func<QrIssued, Task>? Wrap(Action<QrIssued>? onQr) =>
        onQr is null ? null : qr => QrCallbacks.Post(work.Add, onQr, qr);

    public T Run<T>(Task<T> task)
    {
        _ = task.ContinueWith(_ => work.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        foreach (var action in work.GetConsumingEnumerable())
        {
            action();
        }

        return task.GetAwaiter().GetResult();
    }

    public void Dispose() => work.Dispose();
}
