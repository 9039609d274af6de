namespace Gateway.Operations;

/// <summary>How long one WebMoney call of an operation may take (SPEC §4): min(10 s, the time left).</summary>
public static class CallBudget
{
    /// <summary>One call's own timeout is at most this.</summary>
    public static readonly TimeSpan MaxCallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The call's timeout with <paramref name="left"/> of its operation's time left.</summary>
    public static TimeSpan Within(TimeSpan left) => left < MaxCallTimeout ? left : MaxCallTimeout;
}
