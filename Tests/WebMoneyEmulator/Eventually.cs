using System.Diagnostics;

namespace Tests.WebMoneyEmulator;

/// <summary>Waits for a condition (never a fixed sleep): polls it until true or the deadline passes.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan? within = null)
    {
        var limit = within ?? TimeSpan.FromSeconds(5);
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"The condition did not hold within {limit}.");
            }

            await Task.Yield();
            await Task.Delay(10);
        }
    }
}
