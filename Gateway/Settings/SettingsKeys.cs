namespace Gateway.Settings;

/// <summary>The keys of WebMoneySettings.txt (SPEC §1), in the order a new file gets them.</summary>
public static class SettingsKeys
{
    public const string Mode = nameof(Mode);
    public const string AgentId = nameof(AgentId);
    public const string Wmid = nameof(Wmid);
    public const string PosNumber = nameof(PosNumber);
    public const string AgentKey = nameof(AgentKey);
    public const string CrsId = nameof(CrsId);
    public const string CertificatePassword = nameof(CertificatePassword);
    public const string TimeoutSeconds = nameof(TimeoutSeconds);
    public const string MaxStatusErrors = nameof(MaxStatusErrors);
    public const string ServerAddress = nameof(ServerAddress);
    public const string ServiceAddress = nameof(ServiceAddress);
    public const string ServerCertificate = nameof(ServerCertificate);

    public static readonly IReadOnlyList<string> All =
    [
        Mode, AgentId, Wmid, PosNumber, AgentKey, CrsId, CertificatePassword,
        TimeoutSeconds, MaxStatusErrors, ServerAddress, ServiceAddress, ServerCertificate,
    ];

    /// <summary>Never logged, returned or put in a message.</summary>
    public static bool IsSecret(string key) => key is AgentKey or CertificatePassword;

    /// <summary>The key's Russian label in Кассир (SPEC §1), so a message reads like the administrator's screen.</summary>
    public static string RussianLabel(string key) => key switch
    {
        Mode => "Режим работы",
        AgentId => "Номер агента",
        Wmid => "WMID",
        PosNumber => "Номер POS",
        AgentKey => "Ключ агента",
        CrsId => "CrsId",
        CertificatePassword => "Пароль сертификата",
        TimeoutSeconds => "Время ожидания ответа (сек)",
        MaxStatusErrors => "Кол-во допустимых ошибок при запросе статуса",
        ServerAddress => "Адрес сервера",
        ServiceAddress => "Адрес сервиса",
        ServerCertificate => "Сертификат сервера",
        _ => key,
    };

    /// <summary>The JSON field name (camelCase) used by /settings and in validation errors.</summary>
    public static string FieldOf(string key) => char.ToLowerInvariant(key[0]) + key[1..];

    public static string? Canonical(string key) => All.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
}
