using System;
using System.Collections.Generic;

namespace KassirClient;

/// <summary>
/// Settings of a <see cref="LocalPayClient"/>. The client copies them when it is constructed, so changing
/// an instance afterwards does not affect a client already made from it.
/// </summary>
public sealed class LocalPayClientOptions
{
    /// <summary>The gateway's address. Default <c>http://127.0.0.1:5080</c>.</summary>
    public Uri BaseAddress { get; set; } = new Uri("http://127.0.0.1:5080");

    /// <summary>
    /// Further addresses of the same gateway — other nodes of one store server sharing one journal (SPEC §14) —
    /// tried in order when the current address cannot be reached, e.g.
    /// <c>options.FallbackAddresses.Add(new Uri("http://kassa-server-2:5080"))</c>. Default empty: only
    /// <see cref="BaseAddress"/>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// "Cannot be reached" means no HTTP answer came: the connection was refused, the name did not resolve, the
    /// connect timed out (the call goes to the next address at once, since nothing was sent), or the connection was
    /// cut or the call timed out after it was sent (the call's next retry goes to the next address: a create is
    /// replayed there under the SAME idempotency key, so it is still one payment; a long-poll or a cancel simply
    /// goes on there). An HTTP answer, even an error (409, 422, 500, 503), is never a reason to switch: that
    /// gateway is up and said so.
    /// </para>
    /// <para>
    /// Sticky: after a switch, every later call of this client starts at the address that worked, until that
    /// one cannot be reached in turn (then the next, wrapping round to <see cref="BaseAddress"/>). A new client
    /// starts at <see cref="BaseAddress"/> again.
    /// </para>
    /// <para>
    /// Only list nodes that share one journal (PostgreSQL): a create replayed at a gateway with a journal of its
    /// own would make a second payment. All of them must accept the same <see cref="ApiKey"/>.
    /// </para>
    /// </remarks>
    public IList<Uri> FallbackAddresses { get; } = new List<Uri>();

    /// <summary>Sent as the <c>X-Api-Key</c> header when set (the gateway's <c>Gateway:ApiKey</c>). Default none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The POS terminal this client pays for (<c>[A-Za-z0-9_-]{1,32}</c>). Default none: the gateway's
    /// <c>Gateway:DefaultTerminalId</c> is used.
    /// </summary>
    public string? TerminalId { get; set; }

    /// <summary>Timeout of one short call (a status read without waiting, a cancel). Default 15 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Timeout of one create call. The gateway answers a create only once WebMoney has issued the QR code,
    /// which may take a while when WebMoney is slow. Also how long, counted from the first attempt, a create
    /// that may have reached the gateway (cut, timed out) keeps being replayed under its idempotency key, so a
    /// gateway restarting mid-create still hands over the payment it resumed. Default 90 s.
    /// </summary>
    public TimeSpan CreateTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// How long a cancel requested through the cancellation token of <see cref="LocalPayClient.PayAsync"/> may
    /// take in all, including retries and the wait for the payment's final status. Default 30 s.
    /// </summary>
    public TimeSpan CancelTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a refund (<see cref="LocalPayClient.RefundAsync"/>) may take in all: its create with retries and
    /// the wait for WebMoney's answer. A refund still pending then is <see cref="RefundOutcome.Unknown"/>.
    /// Default 120 s.
    /// </summary>
    public TimeSpan RefundTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Upper bound of one wait for a payment's result, whatever its deadline says. Default 15 min.
    /// </summary>
    public TimeSpan MaxWaitTime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long after a payment's deadline the client keeps trying to learn its result (the gateway cancels
    /// the payment at its deadline and checks its status one last time). When the result is still not known
    /// then, the outcome is <see cref="PaymentOutcome.Unknown"/>. Default 60 s.
    /// </summary>
    public TimeSpan DeadlineMargin { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Seconds one long-poll asks the gateway to hold a status read open while the payment is pending
    /// (1–60). Default 25.
    /// </summary>
    public int LongPollSeconds { get; set; } = 25;

    /// <summary>
    /// How many times a create, a status read or a cancel is retried after a connection failure or a
    /// transient gateway error (0 = no retry). A create is always retried with the same idempotency key, so a
    /// retry never makes a second payment. Waiting for a pending payment is bounded by its deadline instead.
    /// Default 3.
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Delay before the first retry; it doubles on each further retry. Default 500 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Largest delay between two retries. Default 5 s.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The clock used for retry delays and for deadlines; internal, so that no clock type of another assembly is
    /// part of the public surface (SPEC §7: the DLL stands alone). Tests set it to drive time.
    /// </summary>
    internal Internal.Clock Clock { get; set; } = Internal.Clock.System;
}
