using System.Text.Json;
using System.Text.Json.Serialization;
using Gateway.Payments;
using Gateway.Storage;
using WebMoneyContract;

namespace Tests.Gateway.Payments;

public sealed class PaymentSystemsTests
{
    private static readonly JsonSerializerOptions Api = new()
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    [Fact]
    public void Table_HasEverySystemOnce_WithTheContractsWireName()
    {
        Assert.Equal(Enum.GetValues<PaymentSystem>(), PaymentSystems.All.Select(n => n.System));
        Assert.Equal(WirePaymentSystem.All, PaymentSystems.All.Select(n => n.Wire));
    }

    [Theory]
    [InlineData(PaymentSystem.Sbp, "sbp")]
    [InlineData(PaymentSystem.WebMoney, "webMoney")]
    [InlineData(PaymentSystem.WeChat, "weChat")]
    [InlineData(PaymentSystem.Alipay, "alipay")]
    public void JsonName_IsTheTablesApiName_BothWays(PaymentSystem system, string name)
    {
        Assert.Equal(name, system.ApiName());
        Assert.Equal($"\"{name}\"", JsonSerializer.Serialize(system, Api));
        Assert.Equal(system, JsonSerializer.Deserialize<PaymentSystem>($"\"{name}\"", Api));
    }

    [Theory]
    [InlineData("Sbp", PaymentSystem.Sbp)]
    [InlineData("WECHAT", PaymentSystem.WeChat)]
    [InlineData("alipay", PaymentSystem.Alipay)]
    public void SettingsKey_ParsesInAnyLetterCase(string key, PaymentSystem expected)
    {
        Assert.True(PaymentSystems.TryParseSettingsKey(key, out var system));
        Assert.Equal(expected, system);
    }

    [Fact]
    public void WireName_ParsesOnlyAsWebMoneySpellsIt()
    {
        Assert.True(PaymentSystems.TryParseWire("WeChat", out var system));
        Assert.Equal(PaymentSystem.WeChat, system);
        Assert.False(PaymentSystems.TryParseWire("wechat", out _));
        Assert.False(PaymentSystems.TryParseWire("Qiwi", out _));
    }
}
