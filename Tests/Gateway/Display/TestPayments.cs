using Gateway.Payments;
using Gateway.Storage;

namespace Tests.Gateway.Display;

/// <summary>Payments as the core would commit them.</summary>
public static class TestPayments
{
    /// <summary>The server's clock: far from the device clock, so pages that used the device clock would be visibly wrong.</summary>
    public static readonly DateTimeOffset ServerStart = new(2031, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public static Payment Awaiting(string terminalId, PaymentSystem system = PaymentSystem.Sbp, decimal amount = 1234.50m,
        bool sandbox = false, string? id = null)
    {
        id ??= "pay-" + Guid.NewGuid().ToString("N")[..12];
        return new Payment
        {
            Id = id,
            Status = PaymentStatus.Pending,
            TerminalId = terminalId,
            Amount = amount,
            PaymentSystem = system,
            QrPayload = system switch
            {
                PaymentSystem.WeChat => "weixin://wxpay/bizpayurl?pr=" + id,
                PaymentSystem.Alipay => "https://qr.alipay.com/" + id,
                PaymentSystem.WebMoney => "wmk:payto?id=" + id,
                _ => "https://qr.nspk.ru/AS1000" + id,
            },
            CreatedAt = ServerStart,
            Deadline = ServerStart.AddMinutes(3),
            Sandbox = sandbox,
            Version = 2,
        };
    }

    public static Payment Paid(Payment payment, DateTimeOffset completedAt) =>
        payment with { Status = PaymentStatus.Paid, CompletedAt = completedAt, Version = payment.Version + 1 };

    public static Payment Declined(Payment payment, DateTimeOffset completedAt, string message) =>
        payment with
        {
            Status = PaymentStatus.Declined,
            CompletedAt = completedAt,
            Error = new PaymentError(PaymentErrorCodes.Declined, message),
            Version = payment.Version + 1,
        };
}
