namespace CustomerDisplay;

/// <summary>What the customer display shows for one terminal.</summary>
public enum DisplayPhase { Idle, Awaiting, Paid, Failed }

/// <summary>
/// The whole state of one terminal's display. Pages render snapshots, never deltas, so a reload or a
/// reconnect shows the current state at once.
/// </summary>
public sealed record DisplaySnapshot
{
    public required DisplayPhase Phase { get; init; }

    public required string TerminalId { get; init; }

    public string? PaymentId { get; init; }

    public decimal? Amount { get; init; }

    /// <summary>ISO 4217 code, e.g. RUB.</summary>
    public string? Currency { get; init; }

    /// <summary>sbp, webMoney, weChat or alipay (the API's camelCase names).</summary>
    public string? PaymentSystem { get; init; }

    /// <summary>The QR as an inline SVG document, ready to drop into the page.</summary>
    public string? QrSvg { get; init; }

    public string? QrPayload { get; init; }

    public DateTimeOffset? Deadline { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>
    /// When the page should fall back to idle after a final phase (CompletedAt + Display:ResultSeconds).
    /// The page drives that step from <see cref="ServerTime"/>, so the server sends nothing more.
    /// </summary>
    public DateTimeOffset? IdleAt { get; init; }

    /// <summary>Russian text for the customer: the reason a payment failed.</summary>
    public string? Message { get; init; }

    public string? ErrorCode { get; init; }

    public bool Sandbox { get; init; }

    /// <summary>The server's clock when the snapshot was sent; the page counts down against it, not the device clock.</summary>
    public DateTimeOffset ServerTime { get; init; }

    /// <summary>
    /// Increases with every snapshot the notifier hands out in this process. A page ignores a snapshot older
    /// than the one it shows (a push may overtake a subscribe answer) and starts afresh on every (re)connect.
    /// </summary>
    public long Version { get; init; }

    /// <summary>The payment's own version (journal commits); lets the notifier drop a stale announcement.</summary>
    public long PaymentVersion { get; init; }

    public static DisplaySnapshot Idle(string terminalId, bool sandbox) =>
        new() { Phase = DisplayPhase.Idle, TerminalId = terminalId, Sandbox = sandbox };
}
