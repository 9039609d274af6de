using System.Globalization;
using System.Text.Json;
using WebMoneyContract;

namespace Tests.WebMoneyContract;

/// <summary>
/// Money (SPEC §3: rubles with at most two decimals): the one conversion from a decimal, the one invariant "0.00"
/// form (the signature's, byte for byte what it was), and JSON numbers as the API always wrote them.
/// </summary>
public sealed class MoneyTests
{
    [Theory]
    [InlineData("1234.50", 123450)]
    [InlineData("1234.5", 123450)]
    [InlineData("0.07", 7)]
    [InlineData("1000000", 100000000)]
    [InlineData("0", 0)]
    [InlineData("1.000", 100)]
    [InlineData("92233720368547758.07", long.MaxValue)]
    public void FromRubles_WholeKopecks_GivesTheKopecks(string rubles, long kopecks)
    {
        var money = Money.FromRubles(decimal.Parse(rubles, CultureInfo.InvariantCulture));

        Assert.Equal(kopecks, money.Kopecks);
    }

    [Theory]
    [InlineData("1.005", MoneyRefusal.FractionOfKopeck)]
    [InlineData("0.001", MoneyRefusal.FractionOfKopeck)]
    [InlineData("-1", MoneyRefusal.Negative)]
    [InlineData("-0.01", MoneyRefusal.Negative)]
    [InlineData("92233720368547758.08", MoneyRefusal.TooLarge)]
    [InlineData("79228162514264337593543950335", MoneyRefusal.TooLarge)]
    [InlineData("1e20", MoneyRefusal.TooLarge)]
    public void TryFromRubles_NotWholeKopecks_IsRefusedSayingWhy(string rubles, MoneyRefusal why)
    {
        var ok = Money.TryFromRubles(decimal.Parse(rubles, NumberStyles.Float, CultureInfo.InvariantCulture), out var money, out var refusal);

        Assert.False(ok);
        Assert.Equal(why, refusal);
        Assert.Equal(Money.Zero, money);
        Assert.Throws<ArgumentOutOfRangeException>(() => Money.FromRubles(decimal.Parse(rubles, NumberStyles.Float, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void ToString_IsInvariantWithTwoDecimals_WhateverTheCulture()
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("ru-RU");
        try
        {
            Assert.Equal("1234.50", Money.FromKopecks(123450).ToString());
            Assert.Equal("0.07", Money.FromKopecks(7).ToString());
            Assert.Equal("1000000.00", Money.FromKopecks(100000000).ToString());
            Assert.Equal("-5.00", (Money.FromKopecks(100) - Money.FromKopecks(600)).ToString());
            Assert.Equal("1234,50", $"{Money.FromKopecks(123450):0.00}");
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData("1234.5")]
    [InlineData("1234.50")]
    [InlineData("10")]
    [InlineData("0.01")]
    [InlineData("999999.99")]
    public void Signature_AmountText_IsWhatItWasForADecimal(string rubles)
    {
        var amount = decimal.Parse(rubles, CultureInfo.InvariantCulture);
        var request = new CreateQrPaymentRequest { AgentId = "1", PosNumber = "N100", CrsId = "0", ExternalId = "p1", PaymentSystem = "Sbp", Amount = amount, Currency = "RUB" };

        var canonical = PosApi.CanonicalString(request);

        var before = amount.ToString("0.00", CultureInfo.InvariantCulture);
        Assert.EndsWith($"|p1|Sbp|{before}|RUB", canonical, StringComparison.Ordinal);
        Assert.Equal(before, Money.FromRubles(amount).ToString());
        Assert.Equal(before, PosApi.FormatAmount(Money.FromRubles(amount)));
    }

    [Fact]
    public void Rubles_CarryTwoDecimals_AndConvertExactly()
    {
        var money = Money.FromKopecks(1000);

        decimal rubles = money;

        Assert.Equal("10.00", rubles.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(10m, rubles);
        Assert.Equal(Money.FromKopecks(1050), Money.FromKopecks(1000) + Money.FromKopecks(50));
        Assert.True(Money.FromKopecks(1) > Money.Zero);
        Assert.Equal(Money.FromKopecks(5), Money.Max(Money.FromKopecks(-3), Money.FromKopecks(5)));
    }

    [Fact]
    public void Json_IsTheNumberOfRubles_AndRefusesAFractionOfAKopeck()
    {
        var json = JsonSerializer.Serialize(new { amount = Money.FromKopecks(123450) });

        Assert.Equal("""{"amount":1234.50}""", json);
        Assert.Equal(Money.FromKopecks(7), JsonSerializer.Deserialize<Money>("0.07"));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Money>("1.005"));
    }
}
