using System;
using System.Collections.Generic;

namespace KassirClient.Internal;

/// <summary>The client's own copy of <see cref="LocalPayClientOptions"/>, checked once.</summary>
internal sealed class ClientSettings
{
    private ClientSettings(LocalPayClientOptions o)
    {
        BaseAddress = WithSlash(o.BaseAddress);
        var addresses = new List<Uri> { BaseAddress };
        foreach (var fallback in o.FallbackAddresses)
        {
            // The same node twice would only cost a second failed connect.
            var address = WithSlash(fallback);
            if (!addresses.Contains(address))
            {
                addresses.Add(address);
            }
        }

        Addresses = addresses.ToArray();
        ApiKey = string.IsNullOrEmpty(o.ApiKey) ? null : o.ApiKey;
        TerminalId = string.IsNullOrEmpty(o.TerminalId) ? null : o.TerminalId;
        RequestTimeout = o.RequestTimeout;
        CreateTimeout = o.CreateTimeout;
        CancelTimeout = o.CancelTimeout;
        RefundTimeout = o.RefundTimeout;
        MaxWaitTime = o.MaxWaitTime;
        DeadlineMargin = o.DeadlineMargin;
        LongPollSeconds = o.LongPollSeconds;
        MaxRetries = o.MaxRetries;
        RetryBaseDelay = o.RetryBaseDelay;
        RetryMaxDelay = o.RetryMaxDelay;
        Time = o.Clock;
    }

    public Uri BaseAddress { get; }

    /// <summary><see cref="BaseAddress"/>, then the fallback addresses in order, each once.</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    public string? ApiKey { get; }
    public string? TerminalId { get; }
    public TimeSpan RequestTimeout { get; }
    public TimeSpan CreateTimeout { get; }
    public TimeSpan CancelTimeout { get; }
    public TimeSpan RefundTimeout { get; }
    public TimeSpan MaxWaitTime { get; }
    public TimeSpan DeadlineMargin { get; }
    public int LongPollSeconds { get; }
    public int MaxRetries { get; }
    public TimeSpan RetryBaseDelay { get; }
    public TimeSpan RetryMaxDelay { get; }
    public Clock Time { get; }

    public static ClientSettings From(LocalPayClientOptions options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var o = options;
        if (!IsHttp(o.BaseAddress))
        {
            throw new ArgumentException("BaseAddress must be an absolute http or https address.", nameof(options));
        }

        foreach (var fallback in o.FallbackAddresses)
        {
            if (!IsHttp(fallback))
            {
                throw new ArgumentException("FallbackAddresses must hold absolute http or https addresses only.", nameof(options));
            }
        }

        if (!string.IsNullOrEmpty(o.TerminalId) && !LocalPay.Shared.TerminalIdRule.IsValid(o.TerminalId))
        {
            throw new ArgumentException("TerminalId must match " + LocalPay.Shared.TerminalIdRule.Pattern + ".", nameof(options));
        }

        RequirePositive(o.RequestTimeout, nameof(o.RequestTimeout));
        RequirePositive(o.CreateTimeout, nameof(o.CreateTimeout));
        RequirePositive(o.CancelTimeout, nameof(o.CancelTimeout));
        RequirePositive(o.RefundTimeout, nameof(o.RefundTimeout));
        RequirePositive(o.MaxWaitTime, nameof(o.MaxWaitTime));
        RequireNotNegative(o.DeadlineMargin, nameof(o.DeadlineMargin));
        RequireNotNegative(o.RetryBaseDelay, nameof(o.RetryBaseDelay));
        RequireNotNegative(o.RetryMaxDelay, nameof(o.RetryMaxDelay));
        if (o.LongPollSeconds < 1 || o.LongPollSeconds > 60)
        {
            throw new ArgumentException("LongPollSeconds must be between 1 and 60.", nameof(options));
        }

        if (o.MaxRetries < 0)
        {
            throw new ArgumentException("MaxRetries must not be negative.", nameof(options));
        }

        if (o.Clock is null)
        {
            throw new ArgumentException("Clock must be set.", nameof(options));
        }

        return new ClientSettings(o);
    }

    public TimeSpan RetryDelay(int retry)
    {
        var factor = Math.Pow(2, Math.Min(retry - 1, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(RetryBaseDelay.Ticks * factor, RetryMaxDelay.Ticks));
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    private static bool IsHttp(Uri? address) =>
        address is not null && address.IsAbsoluteUri && (address.Scheme == Uri.UriSchemeHttp || address.Scheme == Uri.UriSchemeHttps);

    private static Uri WithSlash(Uri address)
    {
        var text = address.ToString();
        return new Uri(text.EndsWith("/", StringComparison.Ordinal) ? text : text + "/");
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException(name + " must be positive.", "options");
        }
    }

    private static void RequireNotNegative(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero)
        {
            throw new ArgumentException(name + " must not be negative.", "options");
        }
    }
}
