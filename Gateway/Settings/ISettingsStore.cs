using Gateway.Payments;
using Gateway.WebMoney;

namespace Gateway.Settings;

/// <summary>
/// The current settings, re-read when a file changes. A snapshot is immutable: a payment keeps the one it
/// started with.
/// </summary>
public interface ISettingsStore
{
    SettingsSnapshot Current { get; }
}

/// <summary>One consistent view of the settings directory.</summary>
public sealed record SettingsSnapshot
{
    /// <summary>Usable for payments: settings valid and the certificate loads.</summary>
    public bool IsUsable => Connection is not null && Problem is null;

    /// <summary>Why the gateway cannot take payments (Russian and English, for the administrator), or null.</summary>
    public string? Problem { get; init; }

    public WebMoneySettings? Settings { get; init; }

    public WebMoneyConnection? Connection { get; init; }

    public PaymentTypeMap PaymentTypes { get; init; } = PaymentTypeMap.Empty;

    /// <summary>Running against the in-process emulator (SPEC §8).</summary>
    public bool Sandbox { get; init; }

    /// <summary>Non-fatal findings (e.g. TimeoutSeconds below 120, what the forgiving parser fixed).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>What makes the settings unusable, one finding each (file, line, Russian, English); <see cref="Problem"/> joins them.</summary>
    public IReadOnlyList<SettingsMessage> Errors { get; init; } = [];

    /// <summary><see cref="Warnings"/> as structured findings.</summary>
    public IReadOnlyList<SettingsMessage> WarningMessages { get; init; } = [];

    /// <summary>The settings directory this snapshot was read from (null before the sandbox has started).</summary>
    public string? Directory { get; init; }

    /// <summary>When the files were read.</summary>
    public DateTimeOffset LoadedAt { get; init; }
}

/// <summary>WebMoneyPaymentTypes.txt: each payment system's Кассир payment-type Code (absent = not configured).</summary>
public sealed record PaymentTypeMap(IReadOnlyDictionary<PaymentSystem, int> Codes)
{
    public static readonly PaymentTypeMap Empty = new(new Dictionary<PaymentSystem, int>());

    public int? CodeOf(PaymentSystem system) => Codes.TryGetValue(system, out var code) ? code : null;

    public PaymentSystem? SystemOf(int code)
    {
        foreach (var (system, c) in Codes)
        {
            if (c == code)
            {
                return system;
            }
        }
        return null;
    }
}
