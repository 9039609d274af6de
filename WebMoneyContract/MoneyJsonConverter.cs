using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalPay;

/// <summary>Money in JSON is the number of rubles it always was (1234.50); reading refuses what <see cref="Money"/> refuses.</summary>
public sealed class MoneyJsonConverter : JsonConverter<Money>
{
    public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Money.TryFromRubles(reader.GetDecimal(), out var money, out var refusal)
            ? money
            : throw new JsonException($"Not an amount of whole kopecks: {refusal}.");

    public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.Rubles);
}
