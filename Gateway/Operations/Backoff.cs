namespace Gateway.Operations;

/// <summary>
/// The one back-off of background checks, for payments (rechecks of an unresolved ending, the follow-up of a create
/// given up) and refunds (unresolved or long-pending ones): the first after <c>first</c>
/// (Gateway:RecheckFirstIntervalSeconds), then doubling, never more than <see cref="Max"/> apart.
/// </summary>
public static class Backoff
{
    /// <summary>The longest pause between two background checks.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(15);

    /// <summary>The pause before the next check after <paramref name="checks"/> checks were made.</summary>
    public static TimeSpan Delay(TimeSpan first, int checks)
    {
        if (first >= Max)
        {
            return Max;
        }
        var delay = first;
        for (var i = 0; i < checks && delay < Max; i++)
        {
            delay += delay; // doubling, stopped at the cap: no overflow however many checks were made
        }
        return delay < Max ? delay : Max;
    }
}
