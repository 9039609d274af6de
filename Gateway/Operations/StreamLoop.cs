namespace Gateway.Operations;

/// <summary>A background service's endless stream (another node's changes, adopted work), read until the host stops.</summary>
public static class StreamLoop
{
    /// <summary>Hands each item to <paramref name="each"/> until the stream ends or <paramref name="stoppingToken"/> stops it.</summary>
    public static async Task ForEachAsync<T>(IAsyncEnumerable<T> items, Func<T, CancellationToken, ValueTask> each, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in items.WithCancellation(stoppingToken))
            {
                await each(item, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
