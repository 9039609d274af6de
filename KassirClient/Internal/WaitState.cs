namespace KassirClient.Internal;

/// <summary>What a wait has learnt so far; kept outside the loop so a cancel can go on from it.</summary>
internal sealed class WaitState
{
    public WaitState(Payment? last) => Last = last;

    public Payment? Last { get; set; }

    public GatewayAnswer? LastAnswer { get; set; }

    /// <summary>The last call got no answer at all (as opposed to an answer with a pending payment).</summary>
    public bool Unreachable { get; set; }
}

internal enum WaitEnd
{
    Final,
    GaveUp,
    NotFound,
    Refused,
}
