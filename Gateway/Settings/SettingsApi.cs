using System.Globalization;
using Gateway.Payments;
using Microsoft.AspNetCore.Http.HttpResults;
using static Gateway.Settings.SettingsKeys;

namespace Gateway.Settings;

/// <summary>GET/PUT /settings and /settings/payment-types: the two text files as JSON (SPEC §3, §9).</summary>
public static class SettingsApi
{
    public const string ValidationFailed = "validation_failed";

    public static RouteGroupBuilder MapSettingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/settings").WithTags("Settings");
        group.MapGet("/", GetSettings)
            .WithName("GetSettings")
            .WithSummary("WebMoneySettings.txt as JSON")
            .WithDescription("Values as written in the file; secrets are never returned, only agentKeySet / certificatePasswordSet. `usable`, `errors` and `warnings` say whether the gateway can take payments and why not.");
        group.MapPut("/", PutSettings)
            .WithName("PutSettings")
            .WithSummary("Change WebMoneySettings.txt")
            .WithDescription("Members left out or null keep their value (secrets need not be sent again); an empty string clears an optional value. Everything is validated first: a rejected change leaves the file untouched (400 validation_failed with errors per field). The file keeps its comments, order, unknown keys and line endings and is replaced atomically. Certificate problems do not reject the change: they show in `errors` of the answer and on /health/ready.")
            .ProducesValidationProblem();
        group.MapGet("/payment-types", GetPaymentTypes)
            .WithName("GetSettingsPaymentTypes")
            .WithSummary("WebMoneyPaymentTypes.txt as JSON")
            .WithDescription("Each payment system's Кассир payment-type Code; null when not configured.");
        group.MapPut("/payment-types", PutPaymentTypes)
            .WithName("PutSettingsPaymentTypes")
            .WithSummary("Change WebMoneyPaymentTypes.txt")
            .WithDescription("Send the whole table, e.g. {\"sbp\":5,\"webMoney\":6,\"weChat\":7,\"alipay\":8}: a system left out, null or 0 is not configured. Two systems may not share a code (400 validation_failed).")
            .ProducesValidationProblem();
        return group;
    }

    public static Ok<SettingsResponse> GetSettings(SettingsStore store)
    {
        var errors = new List<SettingsMessage>();
        var document = store.Directory is { } dir ? SettingsLoader.ReadDocument(dir, WebMoneySettingsReader.FileName, errors) : null;
        return TypedResults.Ok(ToResponse(document, store.Current));
    }

    public static async Task<Results<Ok<SettingsResponse>, ValidationProblem>> PutSettings(
        SettingsUpdate update, SettingsFileWriter writer, SettingsStore store, CancellationToken cancellationToken)
    {
        var validation = new Dictionary<string, List<string>>();
        var values = Requested(update, validation);
        if (validation.Count > 0)
        {
            return Invalid(validation);
        }

        var result = await writer.WriteAsync(WebMoneySettingsReader.FileName, d => d.WithValues(values),
            d => WebMoneySettingsReader.Read(d).Errors, cancellationToken);
        return result.Saved ? TypedResults.Ok(ToResponse(result.Written, store.Current)) : Invalid(result.Errors);
    }

    public static Ok<PaymentTypesBody> GetPaymentTypes(SettingsStore store) => TypedResults.Ok(ToBody(store.Current.PaymentTypes));

    public static async Task<Results<Ok<PaymentTypesBody>, ValidationProblem>> PutPaymentTypes(
        PaymentTypesBody body, SettingsFileWriter writer, CancellationToken cancellationToken)
    {
        var validation = new Dictionary<string, List<string>>();
        if (!body.NamesAnySystem)
        {
            // {} or only unknown members (a typo such as "spb") would turn every system off: a mistake, not a table.
            Add(validation, "body", "укажите хотя бы один вид оплаты: sbp, webMoney, weChat, alipay (null или 0 — не настроен). / "
                + "name at least one payment system: sbp, webMoney, weChat, alipay (null or 0 for not configured).");
            return Invalid(validation);
        }
        var codes = new Dictionary<PaymentSystem, int>
        {
            [PaymentSystem.Sbp] = body.Sbp ?? 0,
            [PaymentSystem.WebMoney] = body.WebMoney ?? 0,
            [PaymentSystem.WeChat] = body.WeChat ?? 0,
            [PaymentSystem.Alipay] = body.Alipay ?? 0,
        };
        foreach (var (system, code) in codes.Where(c => c.Value < 0))
        {
            Add(validation, PaymentTypesReader.FieldOf(system),
                $"код вида оплаты должен быть Кодом вида оплаты Кассира (целое число больше 0) или 0/null — не настроено, а указано {code}. / the code must be a Кассир payment-type Code (a whole number above 0), or 0/null for not configured, not {code}.");
        }
        if (validation.Count > 0)
        {
            return Invalid(validation);
        }

        var result = await writer.WriteAsync(PaymentTypesReader.FileName, document =>
            {
                // A system already in the file keeps its line (now 0); an unconfigured one is not added.
                var present = document.Entries.Select(e => e.Key!).ToList();
                return document.WithValues(codes
                    .Where(c => c.Value > 0 || present.Contains(c.Key.ToString(), StringComparer.OrdinalIgnoreCase))
                    .Select(c => new KeyValuePair<string, string>(c.Key.ToString(), c.Value.ToString(CultureInfo.InvariantCulture))));
            },
            d => PaymentTypesReader.Read(d).Errors, cancellationToken);
        return result.Saved ? TypedResults.Ok(ToBody(PaymentTypesReader.Read(result.Written!).Value!)) : Invalid(result.Errors);
    }

    private static List<KeyValuePair<string, string>> Requested(SettingsUpdate update, Dictionary<string, List<string>> validation)
    {
        var requested = new (string Key, string? Value)[]
        {
            (Mode, update.Mode), (AgentId, update.AgentId), (Wmid, update.Wmid), (PosNumber, update.PosNumber),
            (AgentKey, update.AgentKey), (CrsId, update.CrsId), (CertificatePassword, update.CertificatePassword),
            (TimeoutSeconds, update.TimeoutSeconds?.ToString(CultureInfo.InvariantCulture)),
            (MaxStatusErrors, update.MaxStatusErrors?.ToString(CultureInfo.InvariantCulture)),
            (ServerAddress, update.ServerAddress), (ServiceAddress, update.ServiceAddress), (ServerCertificate, update.ServerCertificate),
        };
        var values = new List<KeyValuePair<string, string>>();
        foreach (var (key, raw) in requested)
        {
            if (raw is null)
            {
                continue;
            }
            if (SettingsValueRules.Problem(key, raw) is { } problem)
            {
                Add(validation, FieldOf(key), problem);
                continue;
            }
            var value = raw.Trim();
            if (IsSecret(key) && value != raw)
            {
                Add(validation, FieldOf(key), "значение не может начинаться или заканчиваться пробелом: файл настроек его не сохранит. / the value cannot start or end with a space: the settings file cannot keep it.");
                continue;
            }
            values.Add(new(key, value));
        }
        return values;
    }

    /// <summary>The file's values by canonical key (the first line of a key wins, as the reader takes it).</summary>
    internal static Dictionary<string, string?> Values(SettingsDocument document)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var entry in document.Entries)
        {
            values.TryAdd(Canonical(entry.Key!) ?? entry.Key!, entry.Value);
        }
        return values;
    }

    private static SettingsResponse ToResponse(SettingsDocument? document, SettingsSnapshot snapshot)
    {
        var values = document is null ? [] : Values(document);
        string? Get(string key) => values.GetValueOrDefault(key) is { Length: > 0 } v ? v : null;
        int? Number(string key) => int.TryParse(Get(key), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        return new SettingsResponse
        {
            Mode = Get(Mode),
            AgentId = Get(AgentId),
            Wmid = Get(Wmid),
            PosNumber = Get(PosNumber),
            AgentKeySet = Get(AgentKey) is not null,
            CrsId = Get(CrsId),
            CertificatePasswordSet = Get(CertificatePassword) is not null,
            TimeoutSeconds = Number(TimeoutSeconds),
            MaxStatusErrors = Number(MaxStatusErrors),
            ServerAddress = Get(ServerAddress),
            ServiceAddress = Get(ServiceAddress),
            ServerCertificate = Get(ServerCertificate),
            Usable = snapshot.IsUsable,
            Errors = snapshot.Errors.Select(e => e.ToString()).ToList(),
            Warnings = snapshot.Warnings,
            Sandbox = snapshot.Sandbox,
            Directory = snapshot.Directory,
        };
    }

    private static PaymentTypesBody ToBody(PaymentTypeMap map) => new()
    {
        Sbp = map.CodeOf(PaymentSystem.Sbp),
        WebMoney = map.CodeOf(PaymentSystem.WebMoney),
        WeChat = map.CodeOf(PaymentSystem.WeChat),
        Alipay = map.CodeOf(PaymentSystem.Alipay),
    };

    private static void AddErrors(Dictionary<string, List<string>> validation, IEnumerable<SettingsMessage> errors)
    {
        foreach (var error in errors)
        {
            // A field's message reads without a line number: the line may only exist in the file as it would have been.
            Add(validation, error.Field ?? error.File, error.Field is null ? error.ToString() : $"{error.Russian} / {error.English}");
        }
    }

    private static void Add(Dictionary<string, List<string>> validation, string field, string message)
    {
        if (!validation.TryGetValue(field, out var list))
        {
            validation[field] = list = [];
        }
        list.Add(message);
    }

    private static ValidationProblem Invalid(IEnumerable<SettingsMessage> errors)
    {
        var validation = new Dictionary<string, List<string>>();
        AddErrors(validation, errors);
        return Invalid(validation);
    }

    private static ValidationProblem Invalid(Dictionary<string, List<string>> validation) =>
        TypedResults.ValidationProblem(
            validation.ToDictionary(v => v.Key, v => v.Value.ToArray()),
            detail: "Настройки не сохранены: исправьте ошибки. / The settings were not saved: fix the errors.",
            extensions: new Dictionary<string, object?> { ["code"] = ValidationFailed });
}
