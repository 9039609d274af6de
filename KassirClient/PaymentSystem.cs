namespace KassirClient;

/// <summary>The payment systems the WebMoney gateway offers.</summary>
public enum PaymentSystem
{
    /// <summary>СБП, Russia's Faster Payments System.</summary>
    Sbp,

    /// <summary>WebMoney.</summary>
    WebMoney,

    /// <summary>WeChat Pay.</summary>
    WeChat,

    /// <summary>Alipay.</summary>
    Alipay,
}
