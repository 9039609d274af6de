using WebMoneyContract;

namespace Gateway.Payments;

/// <summary>
/// The one table of a payment system's names: in the REST API and on the display (<see cref="Names.Api"/>), on
/// the SOAP wire (<see cref="Names.Wire"/>), in WebMoneyPaymentTypes.txt (<see cref="Names.SettingsKey"/>) and
/// for the cashier (<see cref="Names.Title"/>) and on the customer display (<see cref="Names.Display"/>, which the
/// page loads from <c>/display/texts.js</c>). Every other place maps through it.
/// </summary>
public static class PaymentSystems
{
    public sealed record Names(PaymentSystem System, string Api, string Wire, string SettingsKey, string Title, DisplayTexts Display);

    /// <summary>
    /// What the customer reads under the QR: the system's short name and how to pay, in Russian, and for the
    /// systems foreign visitors use also in Chinese and English (null: Russian only).
    /// </summary>
    public sealed record DisplayTexts(string Name, string Instruction, string? InstructionZh = null, string? InstructionEn = null);

    public static readonly IReadOnlyList<Names> All =
    [
        new(PaymentSystem.Sbp, "sbp", WirePaymentSystem.Sbp, "Sbp", "СБП (Система быстрых платежей)",
            new("СБП", "Отсканируйте QR-код камерой телефона или в приложении банка")),
        new(PaymentSystem.WebMoney, "webMoney", WirePaymentSystem.WebMoney, "WebMoney", "WebMoney",
            new("WebMoney", "Отсканируйте QR-код в приложении WebMoney")),
        new(PaymentSystem.WeChat, "weChat", WirePaymentSystem.WeChat, "WeChat", "WeChat Pay",
            new("WeChat Pay", "Отсканируйте QR-код в приложении WeChat", "请打开微信“扫一扫”，扫描二维码付款", "Open WeChat and scan the QR code to pay")),
        new(PaymentSystem.Alipay, "alipay", WirePaymentSystem.Alipay, "Alipay", "Alipay",
            new("Alipay", "Отсканируйте QR-код в приложении Alipay", "请打开支付宝“扫一扫”，扫描二维码付款", "Open Alipay and scan the QR code to pay")),
    ];

    public static Names Of(PaymentSystem system) => All.First(n => n.System == system);

    /// <summary>The API's camelCase name (sbp, webMoney, weChat, alipay).</summary>
    public static string ApiName(this PaymentSystem system) => Of(system).Api;

    /// <summary>The name WebMoney's CreateQrPayment takes (Sbp, WebMoney, WeChat, Alipay).</summary>
    public static string WireName(this PaymentSystem system) => Of(system).Wire;

    /// <summary>Titles as the cashier and customer know them.</summary>
    public static string Title(this PaymentSystem system) => Of(system).Title;

    /// <summary>A wire name back to the system (exact, as WebMoney spells it); tests hold the table to it.</summary>
    internal static bool TryParseWire(string? wire, out PaymentSystem system) => TryFind(n => n.Wire == wire, out system);

    /// <summary>A key of WebMoneyPaymentTypes.txt (any letter case, as hand edits come).</summary>
    public static bool TryParseSettingsKey(string key, out PaymentSystem system) =>
        TryFind(n => string.Equals(n.SettingsKey, key, StringComparison.OrdinalIgnoreCase), out system);

    private static bool TryFind(Func<Names, bool> match, out PaymentSystem system)
    {
        var found = All.FirstOrDefault(match);
        system = found?.System ?? default;
        return found is not null;
    }
}
