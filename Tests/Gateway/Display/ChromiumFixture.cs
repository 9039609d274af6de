using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Tests.Gateway.Display;

/// <summary>
/// One real headless Chromium (Debian's chromium + chromium-driver) shared by the display page tests.
/// Missing browser = failing tests with the fix in the message, never skipped ones.
/// </summary>
public sealed class ChromiumFixture : IDisposable
{
    private readonly string _profile = Path.Combine(Path.GetTempPath(), "lpg-chromium-" + Guid.NewGuid().ToString("N"));

    public ChromiumFixture()
    {
        var browser = Find("chromium", "/usr/bin/chromium");
        var driver = Find("chromedriver", "/usr/bin/chromedriver");
        if (browser is null || driver is null)
        {
            throw new InvalidOperationException(
                "The customer display tests need a real Chromium: install Debian's 'chromium' and 'chromium-driver' " +
                "(apt-get install -y chromium chromium-driver; .ci/run does it). Not found: " +
                string.Join(", ", new[] { browser is null ? "chromium" : null, driver is null ? "chromedriver" : null }.OfType<string>()));
        }
        Directory.CreateDirectory(_profile);
        // Explicit driver path: Selenium Manager would otherwise try to download one (no internet here).
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driver)!, Path.GetFileName(driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = browser };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--disable-extensions", "--hide-scrollbars", "--lang=ru-RU",
            $"--window-size={Width},{Height}", $"--user-data-dir={_profile}");
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        SetViewport(Width, Height);
    }

    /// <summary>The page's viewport in CSS pixels (the window size would include the browser's own frame).</summary>
    public void SetViewport(int width, int height) =>
        Driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
        {
            ["width"] = width,
            ["height"] = height,
            ["deviceScaleFactor"] = 1,
            ["mobile"] = false,
        });

    /// <summary>A 10" landscape tablet.</summary>
    public const int Width = 1280;
    public const int Height = 800;

    public ChromeDriver Driver { get; }

    /// <summary>Waits on a condition of the page (never a fixed sleep).</summary>
    public T WaitUntil<T>(Func<IWebDriver, T> condition, string what, double seconds = 10)
    {
        var wait = new WebDriverWait(Driver, TimeSpan.FromSeconds(seconds))
        {
            PollingInterval = TimeSpan.FromMilliseconds(50),
            Message = "Display page: " + what,
        };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        return wait.Until(condition);
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be closing a file; the temp directory goes with the OS's cleanup.
        }
    }

    private static string? Find(string name, string preferred)
    {
        if (File.Exists(preferred))
        {
            return preferred;
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }
}

[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Chromium";
}
