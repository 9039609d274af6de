using Gateway.Display;
using Gateway.Payments;
using Gateway.Storage;
using Tests.Support;

namespace Tests.Gateway.Display;

/// <summary>
/// The page shows each payment system's texts and applies the terminal-id rule from their one source (the gateway's
/// <c>/display/texts.js</c>), not from a copy of its own.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class DisplayTextsTests(ChromiumFixture browser, DisplayGatewayFixture fixture) : IClassFixture<DisplayGatewayFixture>
{
    private readonly DisplayPage _page = new(browser);
    private readonly GatewayHarness _gateway = fixture.Gateway;

    public static TheoryData<PaymentSystem> Systems => new(Enum.GetValues<PaymentSystem>());

    [Theory]
    [MemberData(nameof(Systems))]
    public async Task Awaiting_ShowsExactlyTheTextsOfPaymentSystems(PaymentSystem system)
    {
        var texts = PaymentSystems.Of(system).Display;
        var terminal = "texts-" + system;
        _page.Open(_gateway.PageUrl(terminal));

        await _gateway.CommitAsync(TestPayments.Awaiting(terminal, system, 10m));
        _page.WaitPhase("awaiting");

        Assert.Equal(texts.Name, _page.Text("system"));
        Assert.Equal(texts.Instruction, _page.Text("instruction"));
        Assert.Equal(texts.InstructionZh is not null, _page.Visible("instruction-foreign"));
        if (texts.InstructionZh is not null)
        {
            Assert.Equal(texts.InstructionZh, _page.Text("instruction-zh"));
            Assert.Equal(texts.InstructionEn, _page.Text("instruction-en"));
        }
    }

    [Fact]
    public async Task DisplayScript_KeepsNoCopyOfTheTextsOrTheTerminalRule()
    {
        using var http = new HttpClient();

        var script = await http.GetStringAsync(new Uri(_gateway.BaseAddress, "/display/display.js"));
        var served = await http.GetStringAsync(new Uri(_gateway.BaseAddress, DisplayTexts.Path));

        Assert.Equal(DisplayTexts.Script, served);
        Assert.DoesNotContain("A-Za-z0-9", script, StringComparison.Ordinal);
        Assert.All(PaymentSystems.All.SelectMany(n => new[] { n.Display.Instruction, n.Display.InstructionZh, n.Display.InstructionEn }).OfType<string>(),
            text => Assert.DoesNotContain(text, script, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("bad%20id")]
    [InlineData("t234567890123456789012345678901234")]
    public void ATerminalIdTheGatewayRejects_IsRefusedByThePage(string terminal)
    {
        browser.Driver.Navigate().GoToUrl(new Uri(_gateway.BaseAddress, $"/display?terminal={terminal}").ToString());

        // The page never connects with such an id: it says why instead.
        browser.WaitUntil(_ => _page.Text("idle").Contains("Неверный номер терминала", StringComparison.Ordinal), "the wrong id refused");

        Assert.Equal("idle", _page.Phase);
        Assert.DoesNotMatch(PaymentRequestValidator.TerminalIdPattern(), Uri.UnescapeDataString(terminal));
    }
}
