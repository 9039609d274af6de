using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Settings;

/// <summary>
/// /settings/terminals: the tills' own identities (SPEC §15) — list, read, add or change (Номер POS, Пароль сертификата),
/// remove, and upload a till's &lt;PosNumber&gt;.pfx. The same rules as the store's settings: validated before anything
/// is written, the file's format kept and replaced atomically, secrets write-only.
/// </summary>
public static partial class TerminalsApi
{
    public static RouteGroupBuilder MapTerminalsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/settings/terminals").WithTags("Settings");
        group.MapGet("/", GetTerminals)
            .WithName("GetSettingsTerminals")
            .WithSummary("Every till with an identity of its own (terminals/<terminalId>/), and the store's")
            .WithDescription("Per till: Номер POS, whether it has its own certificate password (never the password), its certificate (subject, expiry; expiresSoon 30 days before), the keys its own file gives, errors and warnings. `store` is the identity every terminal without a folder pays with.")
            .Produces<TerminalsResponse>();
        group.MapGet("/{terminalId}", GetTerminal)
            .WithName("GetSettingsTerminal")
            .WithSummary("One till's identity")
            .WithDescription("Errors: 404 terminal_not_found (no folder terminals/<terminalId>/).")
            .Produces<TerminalView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{terminalId}", PutTerminal)
            .WithName("PutSettingsTerminal")
            .WithSummary("Add a till or change its Номер POS / Пароль сертификата")
            .WithDescription("Writes terminals/<terminalId>/WebMoneySettings.txt (created with its folder for a new till; an existing file keeps its comments, order and other keys). `posNumber` is required for a new till and may not be the store's or another till's; a certificatePassword left out or null keeps its value, an empty string removes the till's own. Everything is validated first (400 validation_failed naming the field, nothing written). 201 for a new till, 200 otherwise. Upload its certificate with PUT /settings/terminals/{terminalId}/certificate.")
            .Produces<TerminalView>()
            .Produces<TerminalView>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        group.MapDelete("/{terminalId}", DeleteTerminal)
            .WithName("DeleteSettingsTerminal")
            .WithSummary("Remove a till's identity (its folder, certificate included)")
            .WithDescription("The terminal then pays as the store. Payments that went out under its PosNumber keep it: their later calls (refunds, checks) are refused, naming the PosNumber, until a till has it again. Errors: 400 validation_failed (terminalId is not 1 to 32 of A-Z a-z 0-9 _ -), 404 terminal_not_found.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{terminalId}/certificate", PutTerminalCertificate)
            .WithName("PutSettingsTerminalCertificate")
            .WithSummary("Upload a till's certificate <PosNumber>.pfx (checked before it replaces the old one)")
            .WithDescription("multipart/form-data: `certificate` (the .pfx) and optionally `certificatePassword` (saved in the till's file when given). The file must open with the password, hold a private key and be within its validity; otherwise 400 validation_failed naming the field and nothing is written. 404 terminal_not_found when the till has no Номер POS yet (add it first).")
            .Accepts<Admin.CertificateUploadForm>("multipart/form-data")
            .Produces<TerminalView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return group;
    }

    public static Ok<TerminalsResponse> GetTerminals(SettingsStore store, TimeProvider time)
    {
        var snapshot = store.Current;
        var now = time.GetUtcNow();
        var items = snapshot.Terminals.Keys.Select(id => View(store, id, now)!).ToList();
        return TypedResults.Ok(new TerminalsResponse(TerminalViews.ToView(snapshot, null, [], now), items));
    }

    public static Results<Ok<TerminalView>, ProblemHttpResult> GetTerminal(string terminalId, SettingsStore store, TimeProvider time) =>
        View(store, terminalId, time.GetUtcNow()) is { } view ? TypedResults.Ok(view) : NotFound(terminalId);

    public static async Task<Results<Ok<TerminalView>, Created<TerminalView>, ProblemHttpResult>> PutTerminal(
        string terminalId, TerminalUpdate update, SettingsStore store, SettingsFileWriter writer, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        if (InvalidId(terminalId) is { } badId)
        {
            return badId;
        }
        var snapshot = store.Current;
        var existing = snapshot.Terminals.GetValueOrDefault(terminalId);
        var isNew = existing is null;
        var ownKeys = store.Directory is { } dir ? TerminalViews.OwnKeys(dir, terminalId) : [];
        var validation = new Dictionary<string, string[]>();
        var values = new List<KeyValuePair<string, string>>();
        var posNumber = update.PosNumber?.Trim();
        if (string.IsNullOrEmpty(posNumber))
        {
            if (update.PosNumber is not null || !ownKeys.Contains(SettingsKeys.PosNumber))
            {
                validation["posNumber"] = ["Укажите номер POS этой кассы из договора с WebMoney. / Enter this till's POS number from the WebMoney contract."];
            }
        }
        else if (!WebMoneySettingsReader.IsSafeFileName(posNumber))
        {
            validation["posNumber"] = [$"Номер POS «{posNumber}» нельзя использовать как имя файла сертификата: допустимы буквы, цифры, «-», «_», «.». / POS number \"{posNumber}\" cannot name the certificate file: use letters, digits, '-', '_', '.'."];
        }
        else if (HolderOf(snapshot, posNumber, terminalId) is { } holder)
        {
            validation["posNumber"] = [$"Номер POS {posNumber} уже занят ({holder.Ru}): у каждой кассы свой номер POS и свой сертификат. / POS number {posNumber} is taken ({holder.En}): each till has its own."];
        }
        else
        {
            values.Add(new(SettingsKeys.PosNumber, posNumber));
        }
        if (update.CertificatePassword is { } password)
        {
            if (password.Any(char.IsControl) || password.Trim() != password)
            {
                validation["certificatePassword"] = ["Пароль не может содержать переводы строк и не может начинаться или заканчиваться пробелом. / The password cannot hold line breaks or start or end with a space."];
            }
            else
            {
                values.Add(new(SettingsKeys.CertificatePassword, password));
            }
        }
        if (validation.Count > 0)
        {
            return Problems.Validation(validation, "Касса не сохранена: исправьте ошибки. / The till was not saved: fix the errors.");
        }

        var directory = store.Directory ?? throw new InvalidOperationException("The settings directory is not known yet (sandbox starting).");
        var fileName = TerminalSettingsLoader.FileNameOf(terminalId, WebMoneySettingsReader.FileName);
        var storeDocument = SettingsLoader.ReadDocument(directory, WebMoneySettingsReader.FileName, []);
        Directory.CreateDirectory(TerminalSettingsLoader.FolderOf(directory, terminalId));
        var result = await writer.WriteAsync(fileName, d => d.WithValues(values),
            // Only the till's own lines can be refused here: the store's file has its own form.
            d => WebMoneySettingsReader.Read(d, storeDocument).Errors.Where(e => e.File == fileName).ToList(), ct);
        if (!result.Saved)
        {
            if (isNew)
            {
                DeleteFolder(directory, terminalId);
            }
            return Problems.Validation(result.Errors.GroupBy(e => e.Field ?? e.File).ToDictionary(g => g.Key, g => g.Select(e => $"{e.Russian} / {e.English}").ToArray()),
                "Касса не сохранена: исправьте ошибки. / The till was not saved: fix the errors.");
        }
        LogSaved(loggers.CreateLogger(AuditCategory), terminalId, isNew);
        var view = View(store, terminalId, time.GetUtcNow())!;
        return isNew ? TypedResults.Created($"/settings/terminals/{terminalId}", view) : TypedResults.Ok(view);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteTerminal(string terminalId, SettingsStore store, ILoggerFactory loggers, CancellationToken ct)
    {
        if (InvalidId(terminalId) is { } badId)
        {
            return badId;
        }
        await store.WriteLock.WaitAsync(ct);
        try
        {
            if (store.Directory is not { } directory || !Directory.Exists(TerminalSettingsLoader.FolderOf(directory, terminalId)))
            {
                return NotFound(terminalId);
            }
            DeleteFolder(directory, terminalId);
            store.Reload();
        }
        finally
        {
            store.WriteLock.Release();
        }
        LogDeleted(loggers.CreateLogger(AuditCategory), terminalId);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<TerminalView>, ProblemHttpResult>> PutTerminalCertificate(
        string terminalId, HttpRequest request, SettingsStore store, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        if (InvalidId(terminalId) is { } badId)
        {
            return badId;
        }
        if (store.Directory is not { } directory || store.Current.Terminals.GetValueOrDefault(terminalId)?.Settings is not { } settings)
        {
            return store.Current.Terminals.ContainsKey(terminalId)
                ? Problems.Validation("posNumber", "Сначала исправьте файл настроек кассы: номер POS не прочитан (имя файла сертификата — по номеру POS). / Fix the till's settings file first: its POS number could not be read.")
                : NotFound(terminalId);
        }
        var folder = TerminalSettingsLoader.FolderOf(directory, terminalId);
        var fileName = TerminalSettingsLoader.FileNameOf(terminalId, WebMoneySettingsReader.FileName);
        var (bytes, given, refused) = await Admin.CertificateUpload.ReadFormAsync(request, ct);
        if (refused is not null)
        {
            return refused;
        }
        if (Admin.CertificateUpload.Check(bytes!, given ?? settings.CertificatePassword, TerminalSettingsLoader.FileNameOf(terminalId, settings.CertificateFileName), time.GetUtcNow()) is { } refusal)
        {
            return refusal;
        }
        await store.WriteLock.WaitAsync(ct);
        try
        {
            Admin.CertificateUpload.WriteAtomically(Path.Combine(folder, settings.CertificateFileName), bytes!);
            if (given is not null && given != settings.CertificatePassword)
            {
                var document = SettingsLoader.ReadDocument(directory, fileName, []) ?? SettingsDocument.Empty(fileName);
                document.WithValues([new(SettingsKeys.CertificatePassword, given)]).WriteAtomically(Path.Combine(directory, fileName));
            }
            store.Reload();
        }
        finally
        {
            store.WriteLock.Release();
        }
        LogCertificate(loggers.CreateLogger(AuditCategory), terminalId, settings.CertificateFileName, given is not null);
        return TypedResults.Ok(View(store, terminalId, time.GetUtcNow())!);
    }

    private static TerminalView? View(SettingsStore store, string terminalId, DateTimeOffset now) =>
        store.Current.Terminals.GetValueOrDefault(terminalId) is { } till && store.Directory is { } directory
            ? TerminalViews.ToView(till, terminalId, TerminalViews.OwnKeys(directory, terminalId), now)
            : null;

    /// <summary>Who already pays as <paramref name="posNumber"/>, in Russian and English, or null.</summary>
    private static (string Ru, string En)? HolderOf(SettingsSnapshot snapshot, string posNumber, string terminalId) =>
        string.Equals(snapshot.Settings?.PosNumber, posNumber, StringComparison.OrdinalIgnoreCase) ? ("общие настройки магазина", "the store's settings")
        : snapshot.Terminals.FirstOrDefault(t => t.Key != terminalId && string.Equals(t.Value.Settings?.PosNumber, posNumber, StringComparison.OrdinalIgnoreCase)) is { Key: { } other }
            ? ("касса " + other, "till " + other)
            : null;

    private const string AuditCategory = "Gateway.Settings.Audit";

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "Till {TerminalId} saved through the API (new: {IsNew})")]
    private static partial void LogSaved(ILogger logger, string terminalId, bool isNew);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "Till {TerminalId} removed through the API (its folder deleted)")]
    private static partial void LogDeleted(ILogger logger, string terminalId);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Warning, Message = "Till {TerminalId}: {File} replaced through the API; password sent with it: {PasswordGiven}")]
    private static partial void LogCertificate(ILogger logger, string terminalId, string file, bool passwordGiven);

    private static ProblemHttpResult? InvalidId(string terminalId) => Payments.PaymentRequestValidator.TerminalIdPattern().IsMatch(terminalId)
        ? null
        : Problems.Validation("terminalId", "Номер кассы: от 1 до 32 латинских букв, цифр, «-» или «_». / The terminal id: 1 to 32 of A-Z a-z 0-9 _ -.");

    private static ProblemHttpResult NotFound(string terminalId) => Problems.Create(StatusCodes.Status404NotFound, "terminal_not_found",
        $"No till '{terminalId}' with an identity of its own", $"Нет папки {TerminalSettingsLoader.FolderName}/{terminalId}/: эта касса платит с общими настройками магазина.");

    private static void DeleteFolder(string directory, string terminalId)
    {
        var folder = TerminalSettingsLoader.FolderOf(directory, terminalId);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
