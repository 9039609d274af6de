using Gateway.Payments;
using Gateway.WebMoney;

namespace Gateway.Settings;

/// <summary>
/// The current settings, re-read when a file changes. A snapshot is immutable: a payment keeps the one it
/// started with.
/// </summary>
public interface ISettingsStore
{
    SettingsSnapshot Current { get; }
}

/// <summary>One consistent view of the settings directory.</summary>
public sealed record SettingsSnapshot
{
    /// <summary>Usable for payments: settings valid and the certificate loads.</summary>
    public bool IsUsable => Connection is not null && Problem is null;

    /// <summary>Why the gateway cannot take payments (Russian and English, for the administrator), or null.</summary>
    public string? Problem { get; init; }

    public WebMoneySettings? Settings { get; init; }

    public WebMoneyConnection? Connection { get; init; }

    public PaymentTypeMap PaymentTypes { get; init; } = PaymentTypeMap.Empty;

    /// <summary>Running against the in-process emulator (SPEC §8).</summary>
    public bool Sandbox { get; init; }

    /// <summary>Non-fatal findings (e.g. TimeoutSeconds below 120, what the forgiving parser fixed).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>What makes the settings unusable, one finding each (file, line, Russian, English); <see cref="Problem"/> joins them.</summary>
    public IReadOnlyList<SettingsMessage> Errors { get; init; } = [];

    /// <summary><see cref="Warnings"/> as structured findings.</summary>
    public IReadOnlyList<SettingsMessage> WarningMessages { get; init; } = [];

    /// <summary>The settings directory this snapshot was read from (null before the sandbox has started).</summary>
    public string? Directory { get; init; }

    /// <summary>When the files were read.</summary>
    public DateTimeOffset LoadedAt { get; init; }

    /// <summary>The till this snapshot is the identity of (<c>terminals/&lt;id&gt;/</c>, SPEC §15); null for the store's own.</summary>
    public string? TerminalId { get; init; }

    /// <summary>The tills with a folder of their own, by terminal id (empty on a till's snapshot).</summary>
    public IReadOnlyDictionary<string, SettingsSnapshot> Terminals { get; init; } = new Dictionary<string, SettingsSnapshot>();

    /// <summary>The files' sizes and times this till was read from: an unchanged till keeps its snapshot (and client).</summary>
    internal string? SourceFingerprint { get; init; }

    /// <summary>The identity a new payment on <paramref name="terminalId"/> goes out under: its till's, or the store's.</summary>
    public SettingsSnapshot ForTerminal(string terminalId) => Terminals.GetValueOrDefault(terminalId) ?? this;

    /// <summary>
    /// The identity a payment that went out under <paramref name="posNumber"/> keeps for every later call (SPEC §15):
    /// the store's or the till's that has that PosNumber now, with its current certificate — never another one's.
    /// When no identity has it any more, an unusable snapshot whose problem names it. A payment journalled before
    /// PosNumbers were recorded (null) went out under the store's.
    /// </summary>
    /// <remarks>The payment's terminal (<paramref name="terminalId"/>): its till is preferred when it has that PosNumber, and its problem is told when it is broken.</remarks>
    public SettingsSnapshot ForPosNumber(string? posNumber, string? terminalId = null)
    {
        if (posNumber is null || Settings?.PosNumber == posNumber)
        {
            return this;
        }
        var own = terminalId is null ? null : Terminals.GetValueOrDefault(terminalId);
        if (own?.Settings?.PosNumber == posNumber)
        {
            return own;
        }
        var holders = Terminals.Values.Where(t => t.Settings?.PosNumber == posNumber).ToList();
        if ((holders.FirstOrDefault(t => t.IsUsable) ?? holders.FirstOrDefault()) is { } holder)
        {
            return holder;
        }
        if (own is { Settings: null } || (Settings is null && own is null))
        {
            return own ?? this; // its file is broken, so its PosNumber is unknown: its own problem says what to fix
        }
        var missing = new SettingsMessage(
            TerminalSettingsLoader.FileNameOf(terminalId ?? "*", WebMoneySettingsReader.FileName), null, "posNumber",
            $"платёж отправлен с номером POS {posNumber}, но ни у одной кассы нет этого номера (ни в {WebMoneySettingsReader.FileName}, ни в папках {TerminalSettingsLoader.FolderName}/). Запросы по нему не отправляются под чужим номером POS: верните папку кассы с номером {posNumber} и её сертификатом {posNumber}.pfx.",
            $"the payment went out under POS number {posNumber}, but no till has that number any more (neither {WebMoneySettingsReader.FileName} nor the {TerminalSettingsLoader.FolderName}/ folders). Calls about it are never sent under another POS number: put back the till folder with {posNumber} and its certificate {posNumber}.pfx.");
        return new SettingsSnapshot
        {
            Problem = missing.ToString(),
            Errors = [missing],
            Sandbox = Sandbox,
            Directory = Directory,
            LoadedAt = LoadedAt,
            TerminalId = terminalId,
        };
    }
}

/// <summary>WebMoneyPaymentTypes.txt: each payment system's Кассир payment-type Code (absent = not configured).</summary>
public sealed record PaymentTypeMap(IReadOnlyDictionary<PaymentSystem, int> Codes)
{
    public static readonly PaymentTypeMap Empty = new(new Dictionary<PaymentSystem, int>());

    public int? CodeOf(PaymentSystem system) => Codes.TryGetValue(system, out var code) ? code : null;

    public PaymentSystem? SystemOf(int code)
    {
        foreach (var (system, c) in Codes)
        {
            if (c == code)
            {
                return system;
            }
        }
        return null;
    }
}
