using System.Globalization;
using Gateway.Payments;

namespace Gateway.Settings;

/// <summary>
/// Turns WebMoneyPaymentTypes.txt (<c>System=Code</c>, SPEC §9) into a <see cref="PaymentTypeMap"/>.
/// Code 0 or a missing line: the system is not configured. Two systems may not share a code.
/// </summary>
public static class PaymentTypesReader
{
    public const string FileName = "WebMoneyPaymentTypes.txt";

    private static readonly string Systems = string.Join(", ", Enum.GetNames<PaymentSystem>());

    public static SettingsReadResult<PaymentTypeMap> Read(SettingsDocument document)
    {
        var errors = new List<SettingsMessage>();
        var warnings = new List<SettingsMessage>();
        var codes = new Dictionary<PaymentSystem, int>();
        var lineOf = new Dictionary<PaymentSystem, int>();
        void Error(int line, string? field, string russian, string english) => errors.Add(new(document.FileName, line, field, russian, english));

        foreach (var line in document.Lines)
        {
            if (line.IsMalformed)
            {
                Error(line.Number, null,
                    "строка не в формате Система=Код (например, Sbp=5). Исправьте её или поставьте # в начале.",
                    "the line is not System=Code (e.g. Sbp=5). Fix it, or put # first.");
                continue;
            }
            if (line.Key is not { } key)
            {
                continue;
            }
            if (!PaymentSystems.TryParseSettingsKey(key, out var system))
            {
                Error(line.Number, null,
                    $"неизвестная платёжная система «{key}». Допустимы: {Systems}.",
                    $"unknown payment system \"{key}\". Allowed: {Systems}.");
                continue;
            }
            var field = FieldOf(system);
            if (lineOf.TryGetValue(system, out var first))
            {
                Error(line.Number, field,
                    $"платёжная система {system} указана второй раз (первый раз — в строке {first}). Оставьте одну строку.",
                    $"payment system {system} is listed twice (first on line {first}). Keep one line.");
                continue;
            }
            lineOf[system] = line.Number;
            if (key != system.ToString())
            {
                warnings.Add(new(document.FileName, line.Number, field, $"«{key}» прочитано как {system}.", $"\"{key}\" read as {system}."));
            }
            if (!int.TryParse(line.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                Error(line.Number, field,
                    $"код вида оплаты для {system} должен быть целым неотрицательным числом — Кодом вида оплаты в Кассире (0 — не настроено), а указано «{line.Value}».",
                    $"the payment-type code for {system} must be a non-negative whole number — the payment type's Code in Кассир (0: not configured), not \"{line.Value}\".");
                continue;
            }
            if (code == 0)
            {
                continue;
            }
            if (codes.FirstOrDefault(c => c.Value == code) is { Key: var other, Value: > 0 })
            {
                Error(line.Number, field,
                    $"код {code} уже назначен системе {other} (строка {lineOf[other]}): у каждой платёжной системы должен быть свой вид оплаты в Кассире.",
                    $"code {code} is already given to {other} (line {lineOf[other]}): each payment system needs its own payment type in Кассир.");
                continue;
            }
            codes[system] = code;
        }

        if (errors.Count == 0 && codes.Count == 0)
        {
            warnings.Add(new(document.FileName, null, null,
                "ни одна платёжная система не настроена: укажите Коды видов оплаты Кассира, например Sbp=5.",
                "no payment system is configured: give the Кассир payment-type Codes, e.g. Sbp=5."));
        }
        return new SettingsReadResult<PaymentTypeMap>(errors.Count == 0 ? new PaymentTypeMap(codes) : null, errors, warnings);
    }

    /// <summary>The JSON field of a system (camelCase), as in /settings/payment-types.</summary>
    public static string FieldOf(PaymentSystem system) => SettingsKeys.FieldOf(system.ToString());
}
