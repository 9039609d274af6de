namespace Gateway.Storage;

/// <summary>What a history store does with the next event of a payment.</summary>
public enum HistoryWrite
{
    /// <summary>Nothing: a once-only kind already written, or a "resolved" of a payment that never was unresolved.</summary>
    Skip,
    /// <summary>Counts into the last row (<see cref="HistoryTail.Seq"/>): count + 1, last time and duration updated.</summary>
    Collapse,
    /// <summary>A new row numbered <see cref="HistoryTail.Seq"/>.</summary>
    Insert,
}

/// <summary>
/// The collapse rule of a payment's history, the same for every <see cref="IHistoryStore"/>: consecutive identical
/// WebMoney calls (same <see cref="PaymentEvent.CollapseKey"/>) are one row with a count and a last time, so a
/// 3-minute wait is one row; the once-only kinds (<see cref="PaymentEventKinds.IsOnce"/>) are kept once, so events
/// re-derived after a restart are dropped. A store keeps one tail per payment, rebuilt from its rows with
/// <see cref="Replay"/>, and asks <see cref="Next"/> before each write.
/// </summary>
public sealed class HistoryTail
{
    private readonly HashSet<string> _once = new(StringComparer.Ordinal);

    /// <summary>The number of the payment's last row (0: none yet).</summary>
    public int Seq { get; private set; }

    private string? Key { get; set; }

    private bool WasUnresolved { get; set; }

    /// <summary>Takes in one stored row; call for each, oldest first.</summary>
    public void Replay(int seq, string collapseKey, string kind, string? outcome)
    {
        Seq = seq;
        Key = collapseKey;
        _once.Add(kind);
        WasUnresolved |= kind == PaymentEventKinds.Final && outcome == PaymentEventKinds.UnresolvedOutcome;
    }

    /// <summary>Decides the write of <paramref name="e"/> and moves the tail past it (<see cref="Seq"/> is the row to write).</summary>
    public HistoryWrite Next(PaymentEvent e)
    {
        if (e.Kind == PaymentEventKinds.Resolved && !WasUnresolved)
        {
            return HistoryWrite.Skip;
        }
        if (PaymentEventKinds.IsOnce(e.Kind) && !_once.Add(e.Kind))
        {
            return HistoryWrite.Skip;
        }
        WasUnresolved |= e.Kind == PaymentEventKinds.Final && e.Outcome == PaymentEventKinds.UnresolvedOutcome;
        var key = e.CollapseKey;
        if (Seq > 0 && Key == key && e.Kind == PaymentEventKinds.WebMoneyCall)
        {
            return HistoryWrite.Collapse;
        }
        Seq++;
        Key = key;
        return HistoryWrite.Insert;
    }
}
