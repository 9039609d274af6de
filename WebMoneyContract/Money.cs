// Linked into KassirClient too (KASSIR_CLIENT: internal there, in its own namespace so the tests, which see both, can
// tell them apart; no System.Text.Json: the POS loads that DLL alone), so only the plainest C# and BCL are used here.
using System;
using System.Globalization;

#if KASSIR_CLIENT
namespace KassirClient.Internal;
#else
namespace LocalPay;
#endif

/// <summary>
/// An amount of rubles held as whole kopecks (SPEC §3: at most 2 decimals). The one place that turns a decimal into
/// kopecks (<see cref="TryFromRubles(decimal, out Money, out MoneyRefusal)"/>: no fraction of a kopeck, nothing
/// negative, nothing beyond a <see cref="long"/> of kopecks) and the one invariant <c>0.00</c> formatting
/// (<see cref="ToString()"/>, <see cref="FormatRubles"/>). Arithmetic may go below zero (a day's net after refunds).
/// Shared by the gateway, the emulator and (internal) KassirClient; on the wire and in JSON amounts stay decimal numbers
/// (<see cref="Rubles"/>).
/// </summary>
#if KASSIR_CLIENT
internal readonly struct Money : IEquatable<Money>, IComparable<Money>, IFormattable
#else
[System.Text.Json.Serialization.JsonConverter(typeof(MoneyJsonConverter))]
public readonly struct Money : IEquatable<Money>, IComparable<Money>, IFormattable
#endif
{
    /// <summary>The largest amount a <see cref="long"/> of kopecks holds: 92 233 720 368 547 758.07 rubles.</summary>
    public static readonly Money MaxValue = new(long.MaxValue);

    public static readonly Money Zero;

    private const decimal MaxRubles = long.MaxValue / 100m;

    private Money(long kopecks) => Kopecks = kopecks;

    /// <summary>The amount in kopecks (what the journal stores).</summary>
    public long Kopecks { get; }

    /// <summary>The amount in rubles with two decimals (1234.50, 10.00): what JSON and the wire carry.</summary>
    public decimal Rubles => Kopecks * 0.01m;

    public static Money FromKopecks(long kopecks) => new(kopecks);

    /// <summary>Rubles to kopecks; false (with the reason) for a negative amount, a fraction of a kopeck or an overflow.</summary>
    public static bool TryFromRubles(decimal rubles, out Money money, out MoneyRefusal refusal)
    {
        money = Zero;
        refusal = rubles < 0 ? MoneyRefusal.Negative
            : !IsWholeKopecks(rubles) ? MoneyRefusal.FractionOfKopeck
            : rubles > MaxRubles ? MoneyRefusal.TooLarge
            : MoneyRefusal.None;
        if (refusal != MoneyRefusal.None)
        {
            return false;
        }
        money = new Money(decimal.ToInt64(rubles * 100m));
        return true;
    }

    /// <summary>The rule of SPEC §3: at most two decimals (1.50 and 1.500 are; 1.005 is not).</summary>
    public static bool IsWholeKopecks(decimal rubles) => decimal.Round(rubles, 2) == rubles;

    /// <inheritdoc cref="TryFromRubles(decimal, out Money, out MoneyRefusal)"/>
    public static bool TryFromRubles(decimal rubles, out Money money) => TryFromRubles(rubles, out money, out _);

    /// <summary>Rubles to kopecks for an amount already known to be whole kopecks (validated input, the journal's own).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, a fraction of a kopeck, or beyond <see cref="MaxValue"/>.</exception>
    public static Money FromRubles(decimal rubles) => TryFromRubles(rubles, out var money, out var refusal)
        ? money
        : throw new ArgumentOutOfRangeException(nameof(rubles), rubles, $"Not an amount of whole kopecks: {refusal}.");

    /// <summary>Any decimal as the wire and the signature write an amount: invariant, two decimals (1234.50).</summary>
    public static string FormatRubles(decimal rubles) => rubles.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Invariant, two decimals: 1234.50 (the signature's and the idempotency hash's form).</summary>
    public override string ToString() => FormatRubles(Rubles);

    /// <summary>As <see cref="Rubles"/> would format (<c>{amount:0.00}</c> keeps meaning what it meant for a decimal).</summary>
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        format is null ? ToString() : Rubles.ToString(format, formatProvider);

    public static Money Max(Money a, Money b) => a >= b ? a : b;

    public bool Equals(Money other) => Kopecks == other.Kopecks;

    public override bool Equals(object? obj) => obj is Money other && Equals(other);

    public override int GetHashCode() => Kopecks.GetHashCode();

    public int CompareTo(Money other) => Kopecks.CompareTo(other.Kopecks);

    public static Money operator +(Money a, Money b) => new(checked(a.Kopecks + b.Kopecks));

    public static Money operator -(Money a, Money b) => new(checked(a.Kopecks - b.Kopecks));

    public static bool operator ==(Money a, Money b) => a.Kopecks == b.Kopecks;

    public static bool operator !=(Money a, Money b) => a.Kopecks != b.Kopecks;

    public static bool operator <(Money a, Money b) => a.Kopecks < b.Kopecks;

    public static bool operator >(Money a, Money b) => a.Kopecks > b.Kopecks;

    public static bool operator <=(Money a, Money b) => a.Kopecks <= b.Kopecks;

    public static bool operator >=(Money a, Money b) => a.Kopecks >= b.Kopecks;

    /// <summary>Exact (every amount of kopecks is a decimal of rubles): contracts and the wire keep their decimals.</summary>
    public static implicit operator decimal(Money money) => money.Rubles;
}

/// <summary>Why a decimal is not an amount of whole kopecks.</summary>
#if KASSIR_CLIENT
internal enum MoneyRefusal
#else
public enum MoneyRefusal
#endif
{
    None,
    Negative,
    FractionOfKopeck,
    TooLarge,
}
