using Gateway.Payments;
using Gateway.Storage;
using Tests.Support;

namespace Tests.Gateway.Display;

/// <summary>The customer display page in a real headless Chromium, fed through the payments observer seam.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class DisplayPageTests(ChromiumFixture browser, DisplayGatewayFixture fixture) : IClassFixture<DisplayGatewayFixture>
{
    private readonly DisplayPage _page = new(browser);
    private readonly GatewayHarness _gateway = fixture.Gateway;

    private DateTimeOffset ServerNow => _gateway.Time!.GetUtcNow();

    [Fact]
    public void Idle_WelcomesTheCustomer()
    {
        _page.Open(_gateway.PageUrl("idle1"));

        _page.WaitPhase("idle");

        Assert.Contains("Добро пожаловать", _page.Text("idle"), StringComparison.Ordinal);
        Assert.False(_page.Visible("sandbox"));
        _page.Screenshot("1-idle");
    }

    [Fact]
    public async Task Awaiting_ShowsQrAmountSystemAndACountdownOnTheServersClock()
    {
        _page.Open(_gateway.PageUrl("await1"));

        await _gateway.CommitAsync(TestPayments.Awaiting("await1", PaymentSystem.Sbp, 1234.50m));
        _page.WaitPhase("awaiting");

        var qr = _page.QrSize();
        Assert.NotNull(qr);
        Assert.True(qr.Value.Width >= 400, $"QR is {qr.Value.Width}px wide on a 1280x800 screen");
        Assert.Equal("1 234,50 ₽", _page.Text("amount"));
        Assert.Equal("СБП", _page.Text("system"));
        Assert.Contains("Отсканируйте QR-код", _page.Text("instruction"), StringComparison.Ordinal);
        // The deadline is 3 minutes after the server's clock (in 2031); the device clock would show 00:00.
        Assert.Matches("^0[23]:[0-5][0-9]$", _page.Text("countdown"));
        Assert.False(_page.Visible("instruction-foreign"));
        _page.Screenshot("2-awaiting-sbp");
    }

    [Fact]
    public async Task Awaiting_OnA1080pMonitor_QrAndAmountFillTheScreen()
    {
        browser.SetViewport(1920, 1080);
        try
        {
            _page.Open(_gateway.PageUrl("fullhd1"));

            await _gateway.CommitAsync(TestPayments.Awaiting("fullhd1", PaymentSystem.Sbp, 1234.50m));
            _page.WaitPhase("awaiting");

            Assert.True(_page.QrSize()!.Value.Height >= 700, $"QR is {_page.QrSize()!.Value.Height}px high on 1080p");
            Assert.True(_page.FontPixels("amount") >= 90, $"amount is {_page.FontPixels("amount")}px");
            _page.Screenshot("8-awaiting-1080p");
        }
        finally
        {
            browser.SetViewport(ChromiumFixture.Width, ChromiumFixture.Height);
        }
    }

    [Fact]
    public async Task Paid_ShowsOplacheno()
    {
        _page.Open(_gateway.PageUrl("paid1"));
        var payment = TestPayments.Awaiting("paid1");
        await _gateway.CommitAsync(payment);
        _page.WaitPhase("awaiting");

        await _gateway.CommitAsync(TestPayments.Paid(payment, ServerNow));
        _page.WaitPhase("paid");

        Assert.Contains("Оплачено", _page.Text("paid"), StringComparison.Ordinal);
        Assert.Null(_page.QrSize());
        _page.Screenshot("3-paid");
    }

    [Fact]
    public async Task Result_ReturnsToIdleAfterResultSecondsOfServerTime()
    {
        _page.Open(_gateway.PageUrl("back1"));
        var payment = TestPayments.Awaiting("back1");
        await _gateway.CommitAsync(payment);
        _page.WaitPhase("awaiting");

        // Completed 6 s ago by the server's clock: 2 of the 8 result seconds are left.
        await _gateway.CommitAsync(TestPayments.Paid(payment, ServerNow.AddSeconds(-6)));
        _page.WaitPhase("paid", seconds: 2);
        _page.WaitPhase("idle", seconds: 10);

        Assert.Contains("Добро пожаловать", _page.Text("idle"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_ShowsTheReason()
    {
        _page.Open(_gateway.PageUrl("fail1"));
        var payment = TestPayments.Awaiting("fail1");
        await _gateway.CommitAsync(payment);
        _page.WaitPhase("awaiting");

        await _gateway.CommitAsync(TestPayments.Declined(payment, ServerNow, "Платёж отклонён банком покупателя"));
        _page.WaitPhase("failed");

        Assert.Contains("Оплата не прошла", _page.Text("failed"), StringComparison.Ordinal);
        Assert.Equal("Платёж отклонён банком покупателя", _page.Text("reason"));
        _page.Screenshot("4-failed");
    }

    [Theory]
    [InlineData(PaymentSystem.WeChat, "WeChat Pay", "微信", "WeChat")]
    [InlineData(PaymentSystem.Alipay, "Alipay", "支付宝", "Alipay")]
    public async Task WeChatAndAlipay_SpeakRussianChineseAndEnglish(PaymentSystem system, string name, string chinese, string english)
    {
        var terminal = "cn-" + system;
        _page.Open(_gateway.PageUrl(terminal));

        await _gateway.CommitAsync(TestPayments.Awaiting(terminal, system, 88m));
        _page.WaitPhase("awaiting");

        Assert.Equal(name, _page.Text("system"));
        Assert.Contains("Отсканируйте QR-код", _page.Text("instruction"), StringComparison.Ordinal);
        Assert.Contains(chinese, _page.Text("instruction-zh"), StringComparison.Ordinal);
        Assert.Contains(english, _page.Text("instruction-en"), StringComparison.Ordinal);
        Assert.Equal("88,00 ₽", _page.Text("amount"));
        _page.Screenshot($"5-awaiting-{system.ToString().ToLowerInvariant()}");
    }

    [Fact]
    public async Task Sandbox_ShowsTheTestModeBanner()
    {
        _page.Open(_gateway.PageUrl("sand1"));

        await _gateway.CommitAsync(TestPayments.Awaiting("sand1", PaymentSystem.WebMoney, 500m, sandbox: true));
        _page.WaitPhase("awaiting");

        Assert.True(_page.Visible("sandbox"));
        Assert.Equal("ТЕСТОВЫЙ РЕЖИМ — деньги не списываются", _page.Text("sandbox"));
        _page.Screenshot("6-sandbox");
    }

    [Fact]
    public async Task Reload_MidPayment_ShowsTheCurrentQrAtOnce()
    {
        await _gateway.CommitAsync(TestPayments.Awaiting("reload1", amount: 1234.50m));

        _page.Open(_gateway.PageUrl("reload1"));
        _page.WaitPhase("awaiting");

        Assert.NotNull(_page.QrSize());
        Assert.Equal("1 234,50 ₽", _page.Text("amount"));
    }

    [Fact]
    public async Task OtherTerminalsPayment_NeverShows()
    {
        _page.Open(_gateway.PageUrl("mine1"));

        await _gateway.CommitAsync(TestPayments.Awaiting("other1"));
        await _gateway.CommitAsync(TestPayments.Awaiting("mine1", amount: 7m));
        _page.WaitPhase("awaiting");

        Assert.Equal("7,00 ₽", _page.Text("amount"));
    }
}
