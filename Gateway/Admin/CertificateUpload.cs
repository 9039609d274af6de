using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Settings;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Admin;

/// <summary>
/// PUT /settings/certificate: the POS certificate <c>&lt;PosNumber&gt;.pfx</c> uploaded from the admin page. It is
/// checked in memory first — opens with the password, holds a private key, within validity (SPEC §9) — and only
/// then replaces the old file atomically; a refused file leaves everything as it was. A password sent with it
/// is saved as CertificatePassword the way PUT /settings saves it (format kept, atomic), after the file.
/// </summary>
public static partial class CertificateUpload
{
    public const string FileField = "certificate";
    public const string PasswordField = "certificatePassword";

    public static async Task<Results<Ok<CertificateUploadResponse>, ProblemHttpResult>> PutCertificate(
        HttpRequest request, SettingsStore store, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var (bytes, given, refused) = await ReadFormAsync(request, ct);
        if (refused is not null)
        {
            return refused;
        }

        await store.WriteLock.WaitAsync(ct);
        try
        {
            var directory = store.Directory ?? throw new InvalidOperationException("The settings directory is not known yet (sandbox starting).");
            var errors = new List<SettingsMessage>();
            var document = SettingsLoader.ReadDocument(directory, WebMoneySettingsReader.FileName, errors);
            var read = document is null ? null : WebMoneySettingsReader.Read(document);
            if (document is null || read?.Value is not { } settings)
            {
                var why = errors.Concat(read?.Errors ?? []).FirstOrDefault()?.Russian ?? "файл настроек ещё не создан.";
                return Invalid("posNumber", $"Сначала сохраните настройки (имя файла сертификата — по «Номеру POS»): {why}");
            }
            var password = given ?? settings.CertificatePassword;
            if (Check(bytes!, password, settings.CertificateFileName, time.GetUtcNow()) is { } refusal)
            {
                return refusal;
            }

            var path = Path.Combine(directory, settings.CertificateFileName);
            WriteAtomically(path, bytes!);
            var passwordSaved = false;
            if (given is not null && given != settings.CertificatePassword)
            {
                document.WithValues([new(SettingsKeys.CertificatePassword, given)]).WriteAtomically(Path.Combine(directory, WebMoneySettingsReader.FileName));
                passwordSaved = true;
            }
            LogUploaded(loggers.CreateLogger("Gateway.Settings.Audit"), settings.CertificateFileName, passwordSaved);
            using var loaded = X509CertificateLoader.LoadPkcs12(bytes!, password, X509KeyStorageFlags.EphemeralKeySet);
            var response = new CertificateUploadResponse(settings.CertificateFileName, loaded.Subject, loaded.Thumbprint,
                new DateTimeOffset(loaded.NotAfter.ToUniversalTime(), TimeSpan.Zero), passwordSaved);
            store.Reload();
            return TypedResults.Ok(response);
        }
        finally
        {
            store.WriteLock.Release();
        }
    }

    /// <summary>The uploaded file and the password sent with it (null: none), or the 415/400 that refuses the form.</summary>
    internal static async Task<(byte[]? Bytes, string? GivenPassword, ProblemHttpResult? Refusal)> ReadFormAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return (null, null, Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "The body must be multipart/form-data",
                $"Send the .pfx in the form field '{FileField}' and, optionally, its password in '{PasswordField}'."));
        }
        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile(FileField) ?? form.Files.FirstOrDefault();
        if (file is null || file.Length == 0)
        {
            return (null, null, Invalid(FileField, "Выберите файл сертификата .pfx, полученный от WebMoney. / Choose the .pfx certificate file from WebMoney."));
        }
        var given = form.TryGetValue(PasswordField, out var p) && p.ToString().Length > 0 ? p.ToString() : null;
        if (given is not null && (given.Any(char.IsControl) || given.Trim() != given))
        {
            return (null, null, Invalid(PasswordField, "Пароль не может содержать переводы строк и не может начинаться или заканчиваться пробелом. / The password cannot hold line breaks or start or end with a space."));
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        return (buffer.ToArray(), given, null);
    }

    /// <summary>Null when the file is a usable POS certificate with this password; else the 400 naming the field.</summary>
    internal static ProblemHttpResult? Check(byte[] bytes, string password, string fileName, DateTimeOffset now)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = Load(bytes, password);
        }
        catch (CryptographicException ex) when (ex.Message.Contains("password", StringComparison.OrdinalIgnoreCase)
            || ex.HResult == unchecked((int)0x80070056))
        {
            return Invalid(PasswordField, "Сертификат не открывается с этим паролем: проверьте «Пароль сертификата». Файл не заменён. / The certificate does not open with this password. The file was not replaced.");
        }
        catch (CryptographicException)
        {
            return Invalid(FileField, "Файл не читается как сертификат PKCS#12 (.pfx). Выберите .pfx, полученный от WebMoney. Файл не заменён. / Not a PKCS#12 (.pfx) file. The file was not replaced.");
        }
        using (certificate)
        {
            if (!certificate.HasPrivateKey)
            {
                return Invalid(FileField, "В сертификате нет закрытого ключа: нужен .pfx вместе с закрытым ключом. Файл не заменён. / The certificate holds no private key. The file was not replaced.");
            }
            if (CertificateCheck.Validity(certificate, fileName, now, out var isError) is { } finding && isError)
            {
                return Invalid(FileField, $"{finding.Russian} Файл не заменён. / {finding.English} The file was not replaced.");
            }
        }
        return null;
    }

    private static X509Certificate2 Load(byte[] bytes, string password)
    {
        try
        {
            return X509CertificateLoader.LoadPkcs12(bytes, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException) when (password.Length == 0)
        {
            return X509CertificateLoader.LoadPkcs12(bytes, null, X509KeyStorageFlags.EphemeralKeySet);
        }
    }

    internal static void WriteAtomically(string path, byte[] bytes)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private static ProblemHttpResult Invalid(string field, string message) =>
        Problems.Validation(new Dictionary<string, string[]> { [field] = [message] },
            "Сертификат не принят. / The certificate was not accepted.");

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "{File} replaced through the admin page; certificate password changed: {PasswordSaved}")]
    private static partial void LogUploaded(ILogger logger, string file, bool passwordSaved);
}

/// <param name="File">The file written: &lt;PosNumber&gt;.pfx in the settings directory.</param>
/// <param name="Subject">The certificate's subject.</param>
/// <param name="Thumbprint">Its SHA-1 thumbprint.</param>
/// <param name="NotAfter">When it expires.</param>
/// <param name="PasswordSaved">The password sent with it was saved as CertificatePassword.</param>
public sealed record CertificateUploadResponse(string File, string Subject, string Thumbprint, DateTimeOffset NotAfter, bool PasswordSaved);
