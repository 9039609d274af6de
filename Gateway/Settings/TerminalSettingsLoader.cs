using Gateway.WebMoney;

namespace Gateway.Settings;

/// <summary>
/// Reads the tills' own identities (SPEC §15): <c>terminals/&lt;terminalId&gt;/</c> under the settings directory, each
/// with a <c>WebMoneySettings.txt</c> of the keys that differ for that till (the rest inherited from the store's file),
/// its <c>&lt;PosNumber&gt;.pfx</c> and optionally its own <c>WebMoneyPaymentTypes.txt</c>. Each till is read and
/// validated on its own: a broken till carries its problem in its own snapshot and leaves the others alone.
/// </summary>
public static class TerminalSettingsLoader
{
    public const string FolderName = "terminals";

    /// <summary>The name a till's file goes by in every message: <c>terminals/2/WebMoneySettings.txt</c>.</summary>
    public static string FileNameOf(string terminalId, string fileName) => $"{FolderName}/{terminalId}/{fileName}";

    /// <summary>The folder of a till (it need not exist).</summary>
    public static string FolderOf(string settingsDirectory, string terminalId) => Path.Combine(settingsDirectory, FolderName, terminalId);

    /// <summary>
    /// Every till folder under <paramref name="directory"/>, by terminal id. A till whose files (and the store's) did
    /// not change since <paramref name="previous"/> keeps its snapshot, so its WebMoney client is kept too.
    /// </summary>
    public static IReadOnlyDictionary<string, SettingsSnapshot> LoadAll(string directory, SettingsDocument? storeDocument, SettingsSnapshot store,
        DateTimeOffset now, IReadOnlyDictionary<string, SettingsSnapshot>? previous)
    {
        var tills = new SortedDictionary<string, SettingsSnapshot>(StringComparer.Ordinal);
        var root = Path.Combine(directory, FolderName);
        if (!System.IO.Directory.Exists(root))
        {
            return tills;
        }
        var storeFingerprint = SettingsFingerprint.OfFolder(directory, store.Settings?.ServerCertificate);
        foreach (var folder in System.IO.Directory.EnumerateDirectories(root))
        {
            var terminalId = Path.GetFileName(folder);
            if (!Payments.PaymentRequestValidator.TerminalIdPattern().IsMatch(terminalId))
            {
                continue; // not a terminal id (a backup folder, "2 old"): no payment can name it
            }
            var old = previous?.GetValueOrDefault(terminalId);
            var fingerprint = storeFingerprint + "||" + SettingsFingerprint.OfFolder(folder, old?.Settings?.ServerCertificate);
            tills[terminalId] = old is not null && old.SourceFingerprint == fingerprint
                ? old
                : Load(directory, terminalId, storeDocument, store, now) with { SourceFingerprint = fingerprint };
        }
        return tills;
    }

    /// <exception cref="IOException">A file is being written right now; the caller retries shortly.</exception>
    public static SettingsSnapshot Load(string directory, string terminalId, SettingsDocument? storeDocument, SettingsSnapshot store, DateTimeOffset now)
    {
        var folder = FolderOf(directory, terminalId);
        var settingsFile = FileNameOf(terminalId, WebMoneySettingsReader.FileName);
        var errors = new List<SettingsMessage>();
        var warnings = new List<SettingsMessage>();

        WebMoneySettings? settings = null;
        var document = SettingsLoader.ReadDocument(directory, settingsFile, errors);
        if (document is null && errors.Count == 0)
        {
            errors.Add(new SettingsMessage(settingsFile, null, null,
                $"в папке кассы {terminalId} нет файла настроек. Положите туда {WebMoneySettingsReader.FileName} с номером POS и паролем сертификата этой кассы (строки PosNumber=… и CertificatePassword=…) или удалите папку, чтобы касса платила с общими настройками.",
                $"till {terminalId}'s folder holds no settings file. Put {WebMoneySettingsReader.FileName} there with this till's POS number and certificate password (lines PosNumber=… and CertificatePassword=…), or remove the folder so the till pays with the store's settings."));
        }
        var ownServerCertificate = false;
        if (document is not null)
        {
            var read = WebMoneySettingsReader.Read(document, storeDocument);
            errors.AddRange(read.Errors);
            // The store's own findings are the store's: reported once, by its own read.
            warnings.AddRange(read.Warnings.Where(w => w.File == settingsFile));
            settings = read.Value;
            ownServerCertificate = document.Entries.Any(l => SettingsKeys.Canonical(l.Key!) == SettingsKeys.ServerCertificate);
        }

        var paymentTypes = store.PaymentTypes;
        var typesDocument = SettingsLoader.ReadDocument(directory, FileNameOf(terminalId, PaymentTypesReader.FileName), errors);
        if (typesDocument is not null)
        {
            paymentTypes = PaymentTypesReader.Read(typesDocument).Into(errors, warnings) ?? PaymentTypeMap.Empty;
        }

        WebMoneyConnection? connection = null;
        if (settings is not null)
        {
            var certificates = CertificateCheck.Check(folder, settings, now, ownServerCertificate ? null : store.Directory);
            string InFolder(SettingsMessage m) => m.File == settings.CertificateFileName || (ownServerCertificate && m.File == settings.ServerCertificate)
                ? FileNameOf(terminalId, m.File)
                : m.File;
            errors.AddRange(certificates.Errors.Select(m => m with { File = InFolder(m) }));
            warnings.AddRange(certificates.Warnings.Select(m => m with { File = InFolder(m) }));
            if (errors.Count == 0 && certificates.ClientCertificate is { } client)
            {
                connection = new WebMoneyConnection(settings, client, certificates.ServerCertificate);
            }
        }

        return new SettingsSnapshot
        {
            TerminalId = terminalId,
            Settings = settings,
            PaymentTypes = paymentTypes,
            Connection = connection,
            Problem = errors.Count == 0 ? null : SettingsMessage.Join(errors),
            Errors = errors,
            Warnings = warnings.Select(w => w.ToString()).ToList(),
            WarningMessages = warnings,
            Sandbox = store.Sandbox,
            Directory = folder,
            LoadedAt = now,
        };
    }
}
