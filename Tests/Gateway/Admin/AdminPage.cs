using OpenQA.Selenium;
using Tests.Gateway.Display;
using Tests.Support;

namespace Tests.Gateway.Admin;

/// <summary>The admin console in the shared headless Chromium; fields are found by their label, as a screen reader finds them.</summary>
public sealed class AdminPage(ChromiumFixture browser)
{
    public IWebDriver Driver => browser.Driver;

    public void Open(string url)
    {
        // A fresh document each time: a hash-only change would keep the previous test's page state.
        Driver.Navigate().GoToUrl("about:blank");
        Driver.Navigate().GoToUrl(url);
    }

    /// <summary>The admin console of a gateway started with <c>ListenOn</c>, at this hash (<c>settings</c>, <c>payment/{id}</c>…).</summary>
    public static string Url(GatewayHarness gateway, string hash = "status") => new Uri(gateway.BaseAddress, "/admin#" + hash).ToString();

    public void Open(GatewayHarness gateway, string hash) => Open(Url(gateway, hash));

    public IWebElement Field(string label)
    {
        var labels = Driver.FindElements(By.XPath($"//label[normalize-space(.)='{label}']"));
        var element = Assert.Single(labels);
        var id = element.GetDomAttribute("for");
        Assert.False(string.IsNullOrEmpty(id), $"label «{label}» has no for");
        return Driver.FindElement(By.Id(id));
    }

    public IWebElement Button(string text) =>
        Assert.Single(Driver.FindElements(By.XPath($"//button[normalize-space(.)='{text}']")), b => b.Displayed);

    public string Text(string id) => Driver.FindElement(By.Id(id)).Text;

    public void Type(string label, string value)
    {
        var field = Field(label);
        field.Clear();
        field.SendKeys(value);
    }

    public string WaitText(string id, Func<string, bool> done, string what, double seconds = 20) =>
        browser.WaitUntil(d =>
        {
            var text = d.FindElement(By.Id(id)).Text;
            return done(text) ? text : null;
        }, what, seconds)!;

    public void WaitVisible(string id, string what) => browser.WaitUntil(d => d.FindElement(By.Id(id)).Displayed, what);

    /// <summary>The whole page (not just the viewport) into TestResults/screenshots; docs/screenshots holds the committed copies.</summary>
    public void Screenshot(string name)
    {
        var height = Convert.ToInt32(((IJavaScriptExecutor)Driver).ExecuteScript("return Math.ceil(document.documentElement.scrollHeight)"),
            System.Globalization.CultureInfo.InvariantCulture);
        browser.SetViewport(ChromiumFixture.Width, Math.Clamp(height, ChromiumFixture.Height, 3000));
        try
        {
            Screenshots.Save(Driver, name);
        }
        finally
        {
            browser.SetViewport(ChromiumFixture.Width, ChromiumFixture.Height);
        }
    }
}
