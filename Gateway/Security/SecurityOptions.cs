using System.ComponentModel.DataAnnotations;

namespace Gateway.Security;

/// <summary>Limits against malformed input and floods (the <c>Security</c> section). See docs/security.md.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Largest request body accepted (413 <c>payload_too_large</c> above). Default 16 KB.</summary>
    [Range(1024, 10 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024;

    /// <summary>API requests served at once (long-polls, the display and health not counted).</summary>
    [Range(1, 100_000)]
    public int ConcurrentRequests { get; set; } = 32;

    /// <summary>API requests waiting for a free slot before 429.</summary>
    [Range(0, 100_000)]
    public int QueueLength { get; set; } = 64;

    /// <summary>Sustained API requests per second (token bucket refill).</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerSecond { get; set; } = 100;

    /// <summary>Burst of API requests above the sustained rate (token bucket size).</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 200;

    /// <summary>Long-polls (<c>GET /payments/{id}?waitSeconds=N</c>) held at once; each POS has one or two.</summary>
    [Range(1, 100_000)]
    public int LongPollConcurrency { get; set; } = 256;
}
