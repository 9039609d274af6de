using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WebMoneyContract;

namespace WebMoneyEmulator.Transactions;

/// <summary>QR payloads shaped like the ones each payment system really issues.</summary>
internal static class QrPayloads
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string Lower = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string For(string paymentSystem, Money amount) => paymentSystem switch
    {
        WirePaymentSystem.Sbp => Sbp(amount),
        WirePaymentSystem.WeChat => "weixin://wxpay/bizpayurl?pr=" + RandomNumberGenerator.GetString(Lower + Upper[..26], 7),
        WirePaymentSystem.Alipay => "https://qr.alipay.com/bax0" + RandomNumberGenerator.GetString(Lower, 20),
        WirePaymentSystem.WebMoney => "https://merchant.web.money/qr/" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))
            + "?amount=" + amount + "&cur=RUB",
        _ => throw new ArgumentOutOfRangeException(nameof(paymentSystem), paymentSystem, "Unknown payment system."),
    };

    // An NSPK dynamic QR: a 32-character id, type 02 (dynamic), the sum in kopecks and a CRC16 of the rest.
    private static string Sbp(Money amount)
    {
        var id = "AS1000" + RandomNumberGenerator.GetString(Upper, 26);
        var kopecks = amount.Kopecks.ToString(CultureInfo.InvariantCulture);
        var body = $"https://qr.nspk.ru/{id}?type=02&bank=100000000111&sum={kopecks}&cur=RUB";
        return body + "&crc=" + Crc16(body).ToString("X4", CultureInfo.InvariantCulture);
    }

    // CRC-16/CCITT-FALSE, as NSPK uses for its payload checksum.
    private static ushort Crc16(string text)
    {
        ushort crc = 0xFFFF;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            crc ^= (ushort)(b << 8);
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }
        }

        return crc;
    }
}
