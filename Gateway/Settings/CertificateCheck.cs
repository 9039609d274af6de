using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Settings;

/// <summary>
/// Loads and checks the client certificate <c>&lt;PosNumber&gt;.pfx</c> and the optional pinned server certificate
/// (SPEC §9): present, opens with CertificatePassword, holds a private key, within validity; a warning
/// <see cref="ExpiryWarning"/> before it expires. No message ever carries the password.
/// </summary>
public static class CertificateCheck
{
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(30);

    /// <summary>A real .pfx is a few KB; anything this big is the wrong file.</summary>
    private const long MaxCertificateBytes = 1024 * 1024;

    public sealed record Result(
        X509Certificate2? ClientCertificate,
        X509Certificate2? ServerCertificate,
        IReadOnlyList<SettingsMessage> Errors,
        IReadOnlyList<SettingsMessage> Warnings);

    /// <summary>Checks the certificates in <paramref name="directory"/>; the ServerCertificate file is looked for in <paramref name="serverDirectory"/> when given (a till inheriting the store's pin).</summary>
    public static Result Check(string directory, WebMoneySettings settings, DateTimeOffset now, string? serverDirectory = null)
    {
        var errors = new List<SettingsMessage>();
        var warnings = new List<SettingsMessage>();
        var client = LoadClient(directory, settings, now, errors, warnings);
        var server = settings.ServerCertificate is { } serverFile ? LoadServer(serverDirectory ?? directory, serverFile, errors) : null;
        if (errors.Count > 0)
        {
            client?.Dispose();
            server?.Dispose();
            return new Result(null, null, errors, warnings);
        }
        return new Result(client, server, errors, warnings);
    }

    /// <summary>The expiry finding for a loaded certificate at <paramref name="now"/> (readiness re-evaluates it as time passes).</summary>
    public static SettingsMessage? Validity(X509Certificate2 certificate, string fileName, DateTimeOffset now, out bool isError)
    {
        isError = true;
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (now < notBefore)
        {
            return new SettingsMessage(fileName, null, null,
                $"сертификат ещё не действует (начало действия {Date(notBefore)}). Проверьте дату и время на этом компьютере.",
                $"the certificate is not valid yet (valid from {Date(notBefore)}). Check this computer's date and time.");
        }
        if (now > notAfter)
        {
            return new SettingsMessage(fileName, null, null,
                $"срок действия сертификата истёк {Date(notAfter)}. Получите новый сертификат POS у WebMoney и положите его на место этого файла.",
                $"the certificate expired on {Date(notAfter)}. Get a new POS certificate from WebMoney and put it in place of this file.");
        }
        isError = false;
        if (notAfter - now < ExpiryWarning)
        {
            var days = (int)Math.Ceiling((notAfter - now).TotalDays);
            return new SettingsMessage(fileName, null, null,
                $"срок действия сертификата истекает {Date(notAfter)} (осталось дней: {days}). Заранее получите новый сертификат у WebMoney.",
                $"the certificate expires on {Date(notAfter)} ({days} days left). Get a new certificate from WebMoney in good time.");
        }
        return null;
    }

    private static X509Certificate2? LoadClient(string directory, WebMoneySettings settings, DateTimeOffset now, List<SettingsMessage> errors, List<SettingsMessage> warnings)
    {
        var fileName = settings.CertificateFileName;
        var path = Path.Combine(directory, fileName);
        void Error(string russian, string english) => errors.Add(new SettingsMessage(fileName, null, null, russian, english));

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            Error($"файл сертификата POS не найден в папке настроек {directory}. Положите туда сертификат, полученный от WebMoney, под именем {fileName} (по номеру POS {settings.PosNumber}).",
                $"the POS certificate file is not in the settings folder {directory}. Put the certificate from WebMoney there, named {fileName} (after POS number {settings.PosNumber}).");
            return null;
        }
        if (info.Length > MaxCertificateBytes)
        {
            Error("файл слишком большой для сертификата: это не сертификат POS. Положите на его место .pfx, полученный от WebMoney.",
                "the file is too large for a certificate: it is not the POS certificate. Put the .pfx from WebMoney in its place.");
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = LoadPkcs12(path, settings.CertificatePassword);
        }
        catch (CryptographicException ex) when (IsWrongPassword(ex))
        {
            Error($"сертификат не открывается с паролем CertificatePassword из {WebMoneySettingsReader.FileName}. Проверьте пароль сертификата (Пароль сертификата).",
                $"the certificate does not open with CertificatePassword from {WebMoneySettingsReader.FileName}. Check the certificate password.");
            return null;
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            Error($"файл не читается как сертификат PKCS#12 (.pfx): {Redact(ex.Message, settings)}. Положите на его место .pfx, полученный от WebMoney.",
                $"the file cannot be read as a PKCS#12 (.pfx) certificate: {Redact(ex.Message, settings)}. Put the .pfx from WebMoney in its place.");
            return null;
        }

        if (!certificate.HasPrivateKey)
        {
            Error("в сертификате нет закрытого ключа. Нужен .pfx вместе с закрытым ключом, полученный от WebMoney (при экспорте выберите «Да, экспортировать закрытый ключ»).",
                "the certificate holds no private key. Use the .pfx from WebMoney that includes its private key (when exporting, choose to export the private key).");
            certificate.Dispose();
            return null;
        }
        if (Validity(certificate, fileName, now, out var isError) is { } finding)
        {
            (isError ? errors : warnings).Add(finding);
            if (isError)
            {
                certificate.Dispose();
                return null;
            }
        }
        return certificate;
    }

    private static X509Certificate2? LoadServer(string directory, string fileName, List<SettingsMessage> errors)
    {
        var path = Path.Combine(directory, fileName);
        void Error(string russian, string english) => errors.Add(new SettingsMessage(fileName, null, "serverCertificate", russian, english));
        if (!File.Exists(path))
        {
            Error($"файл сертификата сервера, указанный в ServerCertificate, не найден в папке настроек {directory}. Положите его туда или уберите строку ServerCertificate.",
                $"the server certificate named by ServerCertificate is not in the settings folder {directory}. Put it there, or remove the ServerCertificate line.");
            return null;
        }
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException ex)
        {
            Error($"файл не читается как сертификат сервера (.cer/.crt, DER или PEM): {ex.Message}.",
                $"the file cannot be read as a server certificate (.cer/.crt, DER or PEM): {ex.Message}.");
            return null;
        }
    }

    private static X509Certificate2 LoadPkcs12(string path, string password)
    {
        // Linux keeps the key in memory; Windows' TLS stack (SChannel) cannot use an ephemeral key for client
        // authentication, so there (and on macOS) the default key set is used.
        var flags = OperatingSystem.IsLinux() ? X509KeyStorageFlags.EphemeralKeySet : X509KeyStorageFlags.DefaultKeySet;
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password, flags);
        }
        catch (CryptographicException) when (password.Length == 0)
        {
            // A file exported "without a password" may be sealed with an empty password or with none at all.
            return X509CertificateLoader.LoadPkcs12FromFile(path, null, flags);
        }
    }

    private static bool IsWrongPassword(CryptographicException ex) =>
        ex.Message.Contains("password", StringComparison.OrdinalIgnoreCase)
        || ex.HResult == unchecked((int)0x80070056); // ERROR_INVALID_PASSWORD on Windows

    private static string Redact(string message, WebMoneySettings settings) =>
        settings.CertificatePassword.Length > 0 ? message.Replace(settings.CertificatePassword, "***", StringComparison.Ordinal) : message;

    private static string Date(DateTimeOffset at) => at.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
}
