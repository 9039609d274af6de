namespace Gateway.Settings;

/// <summary>GET /settings/terminals: the store's own identity and every till with a folder of its own (SPEC §15).</summary>
/// <param name="Store">The identity of every terminal without a folder (WebMoneySettings.txt of the store).</param>
/// <param name="Items">The tills, by terminal id.</param>
public sealed record TerminalsResponse(TerminalView Store, IReadOnlyList<TerminalView> Items);

/// <summary>One till as the administrator sees it; secrets only as <see cref="CertificatePasswordSet"/>.</summary>
/// <param name="TerminalId">The terminal id (its folder's name); null for the store's own identity.</param>
/// <param name="PosNumber">Номер POS the till's payments go out under (null while its file is broken).</param>
/// <param name="CertificatePasswordSet">The till's file gives a CertificatePassword of its own.</param>
/// <param name="Usable">The till can take payments now.</param>
/// <param name="Certificate">Its client certificate, once it loads.</param>
/// <param name="OwnKeys">The keys its own file gives (the rest are the store's).</param>
/// <param name="Errors">What keeps it out of service: file, line and fix, in Russian and English.</param>
/// <param name="Warnings">What to look at (e.g. the certificate expires within 30 days).</param>
public sealed record TerminalView(
    string? TerminalId,
    string? PosNumber,
    bool CertificatePasswordSet,
    bool Usable,
    TerminalCertificate? Certificate,
    IReadOnlyList<string> OwnKeys,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings);

/// <param name="File">The file, e.g. terminals/2/N102.pfx.</param>
/// <param name="Subject">The certificate's subject.</param>
/// <param name="NotAfter">When it expires.</param>
/// <param name="ExpiresSoon">It expires within 30 days (SPEC §9).</param>
public sealed record TerminalCertificate(string File, string Subject, DateTimeOffset NotAfter, bool ExpiresSoon);

/// <summary>PUT /settings/terminals/{terminalId}: members left out or null keep their value.</summary>
/// <param name="PosNumber">Номер POS of this till (required for a new till); its certificate is &lt;PosNumber&gt;.pfx in its folder.</param>
/// <param name="CertificatePassword">Пароль сертификата. Write-only; an empty string removes the till's own (the store's is used).</param>
public sealed record TerminalUpdate(string? PosNumber, string? CertificatePassword);

public static class TerminalViews
{
    /// <summary>The view of a till (or, with <paramref name="terminalId"/> null, of the store's identity) at <paramref name="now"/>.</summary>
    public static TerminalView ToView(SettingsSnapshot snapshot, string? terminalId, IReadOnlyList<string> ownKeys, DateTimeOffset now)
    {
        TerminalCertificate? certificate = null;
        var warnings = snapshot.WarningMessages.ToList();
        if (snapshot.Connection is { } connection)
        {
            var file = terminalId is null ? connection.Settings.CertificateFileName : TerminalSettingsLoader.FileNameOf(terminalId, connection.Settings.CertificateFileName);
            var client = connection.ClientCertificate;
            var notAfter = new DateTimeOffset(client.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            // Judged now, not when the file was read: a gateway running for months sees the expiry come.
            var finding = CertificateCheck.Validity(client, file, now, out _);
            if (finding is not null && !warnings.Any(w => w.File == file))
            {
                warnings.Add(finding);
            }
            certificate = new TerminalCertificate(file, client.Subject, notAfter, notAfter - now < CertificateCheck.ExpiryWarning);
        }
        return new TerminalView(
            terminalId,
            snapshot.Settings?.PosNumber,
            ownKeys.Contains(SettingsKeys.CertificatePassword),
            snapshot.IsUsable,
            certificate,
            ownKeys,
            snapshot.Errors.Select(e => e.ToString()).ToList(),
            warnings.Select(w => w.ToString()).ToList());
    }

    /// <summary>The keys a till's own file gives, canonical, in file order.</summary>
    public static IReadOnlyList<string> OwnKeys(string settingsDirectory, string terminalId)
    {
        var document = SettingsLoader.ReadDocument(settingsDirectory, TerminalSettingsLoader.FileNameOf(terminalId, WebMoneySettingsReader.FileName), []);
        return document is null ? [] : document.Entries.Select(e => SettingsKeys.Canonical(e.Key!)).OfType<string>().Distinct().ToList();
    }
}
