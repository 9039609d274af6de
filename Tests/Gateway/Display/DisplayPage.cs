using System.Text.RegularExpressions;
using OpenQA.Selenium;

namespace Tests.Gateway.Display;

/// <summary>The display page as a customer sees it, read through the DOM of a real Chromium.</summary>
public sealed partial class DisplayPage(ChromiumFixture browser)
{
    private IWebDriver Driver => browser.Driver;

    public void Open(string url)
    {
        Driver.Navigate().GoToUrl(url);
        WaitConnected();
    }

    public void WaitConnected(double seconds = 10) =>
        browser.WaitUntil(d => Body(d).GetDomAttribute("data-connected") == "true", "connected and subscribed", seconds);

    public void WaitDisconnected() =>
        browser.WaitUntil(d => Body(d).GetDomAttribute("data-connected") == "false", "notices the lost connection");

    public void WaitPhase(string phase, double seconds = 10) =>
        browser.WaitUntil(d => Body(d).GetDomAttribute("data-phase") == phase, $"phase {phase}", seconds);

    public string Phase => Body(Driver).GetDomAttribute("data-phase") ?? "";

    /// <summary>Visible text of an element, with the kinds of space ru-RU formatting uses made plain.</summary>
    public string Text(string id) => Spaces().Replace(Driver.FindElement(By.Id(id)).Text, " ");

    public double FontPixels(string id) =>
        double.Parse(Driver.FindElement(By.Id(id)).GetCssValue("font-size").Replace("px", "", StringComparison.Ordinal),
            System.Globalization.CultureInfo.InvariantCulture);

    public bool Visible(string id) => Driver.FindElement(By.Id(id)).Displayed;

    /// <summary>The QR drawn on screen: the inline SVG's rendered size, or null.</summary>
    public System.Drawing.Size? QrSize()
    {
        var svgs = Driver.FindElements(By.CssSelector("#qr svg"));
        return svgs.Count == 1 && svgs[0].Displayed ? svgs[0].Size : null;
    }

    /// <summary>The payload the QR on screen encodes (the page keeps it beside the SVG).</summary>
    public string QrPayload => Driver.FindElement(By.Id("qr")).GetDomAttribute("data-payload") ?? "";

    public string Screenshot(string name) => Screenshots.Save(Driver, name);

    private static IWebElement Body(IWebDriver driver) => driver.FindElement(By.TagName("body"));

    [GeneratedRegex("[\u00a0\u202f\u2009]")]
    private static partial Regex Spaces();
}

/// <summary>PNGs of each phase under TestResults/screenshots/ at the repository root (docs/screenshots/ holds the committed copies).</summary>
public static class Screenshots
{
    public static string Save(IWebDriver driver, string name)
    {
        var directory = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".png");
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(path);
        return path;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LocalPayGateway.sln")))
            {
                return dir.FullName;
            }
        }
        return AppContext.BaseDirectory;
    }
}
