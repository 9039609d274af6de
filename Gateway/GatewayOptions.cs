using System.ComponentModel.DataAnnotations;

namespace Gateway;

/// <summary>The <c>Gateway</c> configuration section (appsettings, environment, command line).</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Seconds between status polls of a pending payment. Default 5 (SPEC §1).</summary>
    [Range(0.01, 60)]
    public double PollIntervalSeconds { get; set; } = 5;

    /// <summary>
    /// Seconds before the first background check of an ending without a definite "not paid" (SPEC §4);
    /// later checks back off from it. Default 30; tests shorten it.
    /// </summary>
    [Range(0.01, 3600)]
    public double RecheckFirstIntervalSeconds { get; set; } = 30;

    /// <summary>Where the journal (and the sandbox bundle) live. Default: see README "Data directory".</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Where WebMoneySettings.txt, WebMoneyPaymentTypes.txt and the .pfx live. Default: the gateway's own directory.</summary>
    public string? SettingsDirectory { get; set; }

    /// <summary>Largest amount a payment may ask for. Default 1 000 000.</summary>
    [Range(0.01, 100_000_000)]
    public decimal MaxAmount { get; set; } = 1_000_000m;

    /// <summary>Terminal used when a request names none.</summary>
    [RegularExpression(LocalPay.Shared.TerminalIdRule.Pattern)]
    public string DefaultTerminalId { get; set; } = "1";

    /// <summary>When set, the API requires the header X-Api-Key with this value.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Optional extra listener(s) that serve only the customer display, e.g. http://0.0.0.0:5081.</summary>
    public string? DisplayUrls { get; set; }

    /// <summary>
    /// The zone whose local days the end-of-day reports use (SPEC §11): an IANA id (Europe/Moscow) or a Windows id
    /// (Russian Standard Time). Default: the machine's zone. An unknown id fails the start (Reports/ReportTimeZone).
    /// </summary>
    public string? TimeZone { get; set; }

    /// <summary>
    /// Bound of the create phase (SPEC §4), besides the deadline: after this many seconds without a QR the create
    /// fails (502 webmoney_unavailable) and a QR arriving later is cancelled, never shown. Default 60, below
    /// KassirClient's default CreateTimeout (90 s), so the POS always learns the create's result.
    /// </summary>
    [Range(1, 600)]
    public double CreateTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// Total time the cashier's cancel may take (cancel + final check): what WebMoney has not answered by then
    /// leaves the payment unresolved and the background checks go on. Default 10.
    /// </summary>
    [Range(1, 120)]
    public double CancelTimeoutSeconds { get; set; } = 10;
}
