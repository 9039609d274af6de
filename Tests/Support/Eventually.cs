namespace Tests.Support;

/// <summary>
/// Waits for a condition that has no event to wait on (the emulator's side, another process, a file): checks it every
/// few milliseconds until it holds or the wall-clock timeout passes, never a fixed sleep. Answers whether it held, so
/// the caller's assertion says what was expected. Where the gateway announces a change, wait on that instead
/// (<see cref="Reliability.PaymentEvents"/>).
/// </summary>
public static class Eventually
{
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, int everyMilliseconds = 50)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            if (await condition())
            {
                return true;
            }
            if (TimeProvider.System.GetElapsedTime(started) > timeout)
            {
                return false;
            }
            await Task.Delay(everyMilliseconds);
        }
    }

    public static Task<bool> TrueAsync(Func<bool> condition, TimeSpan timeout, int everyMilliseconds = 50) =>
        TrueAsync(() => Task.FromResult(condition()), timeout, everyMilliseconds);
}
