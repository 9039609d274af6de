using System.Text.Json.Serialization;

namespace Gateway.Storage;

/// <summary>The four WebMoney payment systems. The JSON names are the API's (SPEC §3), spelled out, not derived.</summary>
public enum PaymentSystem
{
    [JsonStringEnumMemberName("sbp")] Sbp,
    [JsonStringEnumMemberName("webMoney")] WebMoney,
    [JsonStringEnumMemberName("weChat")] WeChat,
    [JsonStringEnumMemberName("alipay")] Alipay,
}
