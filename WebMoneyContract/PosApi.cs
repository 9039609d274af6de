using System.Globalization;

namespace WebMoneyContract;

/// <summary>Constants and the canonical strings of the wire contract (SPEC §5).</summary>
public static partial class PosApi
{
    public const string Namespace = "http://webmoney.localpay/PosIntegration2";

    /// <summary>The default service path under the server address.</summary>
    public const string DefaultServiceAddress = "/PosIntegration2/ApiService.svc";

    /// <summary>The operation names, exactly as on the wire and in the emulator's stats.</summary>
    public const string CreateQrPayment = nameof(CreateQrPayment);
    public const string GetPaymentStatus = nameof(GetPaymentStatus);
    public const string CancelPayment = nameof(CancelPayment);

    /// <summary>RequestTime as it enters the signature: UTC, whole seconds.</summary>
    public static string FormatRequestTime(DateTime utc) =>
        utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Amount as it enters the signature: invariant, two decimals (<see cref="LocalPay.Money"/>'s form). Any decimal: the
    /// emulator verifies the signature of a request before it refuses a fraction of a kopeck in it.
    /// </summary>
    public static string FormatAmount(decimal amount) => LocalPay.Money.FormatRubles(amount);

    public static string CanonicalString(CreateQrPaymentRequest r) => string.Join('|',
        CreateQrPayment, r.AgentId, r.PosNumber, r.CrsId, FormatRequestTime(r.RequestTime),
        r.ExternalId, r.PaymentSystem, FormatAmount(r.Amount), r.Currency);

    public static string CanonicalString(GetPaymentStatusRequest r) => string.Join('|',
        GetPaymentStatus, r.AgentId, r.PosNumber, r.CrsId, FormatRequestTime(r.RequestTime), r.TransactionId);

    public static string CanonicalString(CancelPaymentRequest r) => string.Join('|',
        CancelPayment, r.AgentId, r.PosNumber, r.CrsId, FormatRequestTime(r.RequestTime), r.TransactionId);

    /// <summary>Base64(HMAC-SHA256(agentKey as UTF-8, canonical)).</summary>
    public static string Sign(string agentKey, string canonical)
    {
        using var hmac = new System.Security.Cryptography.HMACSHA256(System.Text.Encoding.UTF8.GetBytes(agentKey));
        return Convert.ToBase64String(hmac.ComputeHash(System.Text.Encoding.UTF8.GetBytes(canonical)));
    }
}

/// <summary>Result codes: 0 success; 1–99 a refusal (final); ≥ 100 temporary (technical).</summary>
public static class ResultCodes
{
    public const int Success = 0;
    public const int BadSignature = 10;
    public const int ClockSkew = 11;
    public const int UnknownAgent = 12;
    public const int BadRequest = 20;
    public const int UnknownTransaction = 30;
    public const int AlreadyFinal = 31;
    public const int Temporary = 100;

    public static bool IsRefusal(int code) => code is >= 1 and <= 99;
    public static bool IsTemporary(int code) => code >= 100;
}

/// <summary>WebMoney's transaction status on the wire.</summary>
public static class WireStatus
{
    public const string Created = nameof(Created);
    public const string WaitingForPayment = nameof(WaitingForPayment);
    public const string Paid = nameof(Paid);
    public const string Rejected = nameof(Rejected);
    public const string Expired = nameof(Expired);
    public const string Cancelled = nameof(Cancelled);
}

/// <summary>Payment systems on the wire.</summary>
public static class WirePaymentSystem
{
    public const string Sbp = nameof(Sbp);
    public const string WebMoney = nameof(WebMoney);
    public const string WeChat = nameof(WeChat);
    public const string Alipay = nameof(Alipay);

    public static readonly IReadOnlyList<string> All = [Sbp, WebMoney, WeChat, Alipay];
}
