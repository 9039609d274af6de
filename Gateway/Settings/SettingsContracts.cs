namespace Gateway.Settings;

/// <summary>
/// WebMoneySettings.txt as JSON (GET /settings): values as written in the file; secrets are never returned,
/// only whether they are set.
/// </summary>
public sealed record SettingsResponse
{
    public string? Mode { get; init; }
    public string? AgentId { get; init; }
    public string? Wmid { get; init; }
    public string? PosNumber { get; init; }
    /// <summary>AgentKey is set (its value is never returned).</summary>
    public bool AgentKeySet { get; init; }
    public string? CrsId { get; init; }
    /// <summary>CertificatePassword is set (its value is never returned).</summary>
    public bool CertificatePasswordSet { get; init; }
    /// <summary>Null when missing or not a number.</summary>
    public int? TimeoutSeconds { get; init; }
    public int? MaxStatusErrors { get; init; }
    public string? ServerAddress { get; init; }
    public string? ServiceAddress { get; init; }
    public string? ServerCertificate { get; init; }

    /// <summary>Settings valid and certificate usable: the gateway can take payments.</summary>
    public bool Usable { get; init; }
    /// <summary>Why not usable (Russian / English, file and line), or null.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public bool Sandbox { get; init; }
    /// <summary>Where the files are.</summary>
    public string? Directory { get; init; }
}

/// <summary>
/// PUT /settings. A member left out (or null) keeps its current value — so secrets need not be sent again;
/// an empty string clears an optional value (its default applies).
/// </summary>
public sealed record SettingsUpdate
{
    public string? Mode { get; init; }
    public string? AgentId { get; init; }
    public string? Wmid { get; init; }
    public string? PosNumber { get; init; }
    /// <summary>Write-only.</summary>
    public string? AgentKey { get; init; }
    public string? CrsId { get; init; }
    /// <summary>Write-only.</summary>
    public string? CertificatePassword { get; init; }
    public int? TimeoutSeconds { get; init; }
    public int? MaxStatusErrors { get; init; }
    public string? ServerAddress { get; init; }
    public string? ServiceAddress { get; init; }
    public string? ServerCertificate { get; init; }
}

/// <summary>
/// WebMoneyPaymentTypes.txt as JSON: each payment system's Кассир payment-type Code, null when not configured.
/// PUT sends the whole table: a system left out, null or 0 becomes not configured.
/// </summary>
public sealed record PaymentTypesBody
{
    private readonly int? _sbp, _webMoney, _weChat, _alipay;

    public int? Sbp { get => _sbp; init => (_sbp, NamesAnySystem) = (value, true); }
    public int? WebMoney { get => _webMoney; init => (_webMoney, NamesAnySystem) = (value, true); }
    public int? WeChat { get => _weChat; init => (_weChat, NamesAnySystem) = (value, true); }
    public int? Alipay { get => _alipay; init => (_alipay, NamesAnySystem) = (value, true); }

    /// <summary>The body named at least one system, even as null (the JSON reader sets only the members it meets).</summary>
    internal bool NamesAnySystem { get; private init; }
}
