using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway;

/// <summary>
/// Every instant the API writes has one shape, <c>2026-11-28T10:15:30.123+00:00</c>: exactly three fractional digits
/// (the journal keeps milliseconds), so a payment's <c>createdAt</c> reads the same in the create answer (taken from
/// the clock, ticks) and in every later read (from the journal), and so do <c>deadline</c>, <c>completedAt</c> and the
/// refunds' times (issue #28 §11). The digits are cut, not rounded, as the journal cuts them. Reading takes any ISO 8601.
/// </summary>
public sealed class JsonTime : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffzzz";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        // Raw: digits, '-', ':', '.', 'T' and the offset's '+' need no escaping, and the default encoder would write '+' as \u002B.
        writer.WriteRawValue("\"" + value.ToString(Format, CultureInfo.InvariantCulture) + "\"", skipInputValidation: true);
    }
}
