using Gateway.WebMoney;

namespace Gateway.Settings;

/// <summary>Reads the settings directory into one <see cref="SettingsSnapshot"/>: both text files and the certificates.</summary>
public static class SettingsLoader
{
    /// <exception cref="IOException">A file is being written right now; the caller retries shortly.</exception>
    /// <remarks><paramref name="previous"/>: the snapshot being replaced; a till whose files did not change keeps its own (SPEC §15).</remarks>
    public static SettingsSnapshot Load(string directory, bool sandbox, DateTimeOffset now, SettingsSnapshot? previous = null)
    {
        var errors = new List<SettingsMessage>();
        var warnings = new List<SettingsMessage>();

        WebMoneySettings? settings = null;
        var settingsDocument = ReadDocument(directory, WebMoneySettingsReader.FileName, errors);
        if (settingsDocument is null && errors.Count == 0)
        {
            errors.Add(new SettingsMessage(WebMoneySettingsReader.FileName, null, null,
                $"файл настроек не найден в папке настроек {directory}. Положите туда {WebMoneySettingsReader.FileName} с параметрами из договора с WebMoney (см. docs/going-live.md) или заполните настройки через PUT /settings.",
                $"the settings file is not in the settings folder {directory}. Put {WebMoneySettingsReader.FileName} with the settings from the WebMoney contract there (see docs/going-live.md), or fill them in with PUT /settings."));
        }
        if (settingsDocument is not null)
        {
            settings = WebMoneySettingsReader.Read(settingsDocument).Into(errors, warnings);
        }

        var paymentTypes = PaymentTypeMap.Empty;
        var typesDocument = ReadDocument(directory, PaymentTypesReader.FileName, errors);
        if (typesDocument is null)
        {
            warnings.Add(new SettingsMessage(PaymentTypesReader.FileName, null, null,
                $"файл видов оплаты не найден в папке настроек {directory}: ни одна платёжная система не сопоставлена Коду вида оплаты Кассира. Создайте его (например, строка Sbp=5) или заполните через PUT /settings/payment-types.",
                $"the payment types file is not in the settings folder {directory}: no payment system is mapped to a Кассир payment-type Code. Create it (e.g. the line Sbp=5) or fill it in with PUT /settings/payment-types."));
        }
        else
        {
            paymentTypes = PaymentTypesReader.Read(typesDocument).Into(errors, warnings) ?? PaymentTypeMap.Empty;
        }

        WebMoneyConnection? connection = null;
        if (settings is not null)
        {
            var certificates = CertificateCheck.Check(directory, settings, now);
            errors.AddRange(certificates.Errors);
            warnings.AddRange(certificates.Warnings);
            if (errors.Count == 0 && certificates.ClientCertificate is { } client)
            {
                connection = new WebMoneyConnection(settings, client, certificates.ServerCertificate);
            }
        }

        var store = new SettingsSnapshot
        {
            Settings = settings,
            PaymentTypes = paymentTypes,
            Connection = connection,
            Problem = errors.Count == 0 ? null : SettingsMessage.Join(errors),
            Errors = errors,
            Warnings = warnings.Select(w => w.ToString()).ToList(),
            WarningMessages = warnings,
            Sandbox = sandbox,
            Directory = directory,
            LoadedAt = now,
        };
        return store with { Terminals = TerminalSettingsLoader.LoadAll(directory, settingsDocument, store, now, previous?.Terminals) };
    }

    /// <summary>The file as a document; null if it does not exist or (with an error added) is not a settings text.</summary>
    public static SettingsDocument? ReadDocument(string directory, string fileName, List<SettingsMessage> errors)
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(Path.Combine(directory, fileName), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length > SettingsDocument.MaxBytes)
            {
                errors.Add(SettingsDocument.TooLarge(fileName, stream.Length));
                return null;
            }
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            errors.Add(new SettingsMessage(fileName, null, null,
                "нет прав на чтение файла. Дайте учётной записи службы шлюза право на чтение папки настроек.",
                "no permission to read the file. Give the gateway service's account read access to the settings folder."));
            return null;
        }
        var document = SettingsDocument.Parse(bytes, fileName, out var error);
        if (error is not null)
        {
            errors.Add(error);
        }
        return document;
    }
}
