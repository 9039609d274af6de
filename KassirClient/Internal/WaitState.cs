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

/// <summary>
/// How a create ended: the last answer, and whether a payment may exist without one in hand. (A class, not a
/// tuple: System.ValueTuple is not in .NET Framework 4.6.2.)
/// </summary>
internal sealed class CreateAttempt
{
    public CreateAttempt(GatewayAnswer answer, bool mayExist)
    {
        Answer = answer;
        MayExist = mayExist;
    }

    public GatewayAnswer Answer { get; }

    public bool MayExist { get; }
}
