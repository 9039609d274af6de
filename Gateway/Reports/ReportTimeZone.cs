using Microsoft.Extensions.Options;

namespace Gateway.Reports;

/// <summary>
/// The zone of <see cref="GatewayOptions.TimeZone"/> (SPEC §11), resolved once: an IANA or a Windows id (.NET maps
/// one to the other through ICU), else the TimeProvider's local zone (the machine's).
/// </summary>
public sealed class ReportTimeZone(IOptions<GatewayOptions> options, TimeProvider time)
{
    public const string Key = GatewayOptions.Section + ":" + nameof(GatewayOptions.TimeZone);

    public TimeZoneInfo Zone { get; } = TryFind(options.Value.TimeZone, out var zone) ? zone! : time.LocalTimeZone;

    /// <summary>The id as the reports name it: the configured one, so the administrator recognises it.</summary>
    public string Id => options.Value.TimeZone is { Length: > 0 } configured ? configured : Zone.Id;

    /// <summary>
    /// The first and last local day a report may ask for, the same in every zone: a zone's offset is at most ±14 h, so the
    /// UTC bounds of any day in between (and its successor's midnight) fit in <see cref="DateTimeOffset"/>.
    /// </summary>
    public static readonly DateOnly FirstDay = new(1, 1, 2);

    /// <inheritdoc cref="FirstDay"/>
    public static readonly DateOnly LastDay = new(9999, 12, 30);

    /// <summary>Whether <see cref="Bounds"/> can answer for the day (<see cref="FirstDay"/> … <see cref="LastDay"/>).</summary>
    public static bool InRange(DateOnly date) => date >= FirstDay && date <= LastDay;

    /// <summary>The UTC instants [start, end) of a local day; a day with a DST change is 23 or 25 hours long.</summary>
    public (DateTimeOffset Start, DateTimeOffset End) Bounds(DateOnly date)
    {
        if (!InRange(date))
        {
            throw new ArgumentOutOfRangeException(nameof(date), date, $"A report day is {FirstDay:yyyy-MM-dd} … {LastDay:yyyy-MM-dd}.");
        }
        return (StartOf(date), StartOf(date.AddDays(1)));
    }

    /// <summary>The local day an instant falls on (tests).</summary>
    internal DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    public static bool TryFind(string? id, out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }
        return TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out zone);
    }

    private DateTimeOffset StartOf(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Where midnight does not exist (a DST jump at 00:00), the day starts at the first minute that does.
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }
        // Where midnight happens twice, the day starts at the first of them.
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}

/// <summary>Fails the start when Gateway:TimeZone names no zone this machine knows, naming the key.</summary>
public sealed class TimeZoneOptionValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.TimeZone) || ReportTimeZone.TryFind(options.TimeZone, out _))
        {
            return ValidateOptionsResult.Success;
        }
        return ValidateOptionsResult.Fail(
            $"{ReportTimeZone.Key} = '{options.TimeZone}' is not a time zone this computer knows. Use an IANA id (Europe/Moscow) "
            + $"or a Windows id (Russian Standard Time), or leave it empty for the computer's zone. / {ReportTimeZone.Key}: "
            + "неизвестный часовой пояс; укажите, например, Europe/Moscow или Russian Standard Time.");
    }
}
