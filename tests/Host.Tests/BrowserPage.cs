using Microsoft.Playwright;

namespace SkPlugins.Host.Tests;

/// <summary>Debian's chromium driven by Playwright on one page of the running server; console errors are collected, screenshots kept.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserPage(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                ConsoleErrors.Add(message.Text);
            }
        };
        page.Request += (_, request) => Requests.Add(request.Url);
    }

    /// <summary>The test artefacts folder: <c>TestResults/screenshots</c> in the test output folder.</summary>
    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public IPage Page { get; }

    public List<string> ConsoleErrors { get; } = [];

    /// <summary>Every URL the page asked for, in order.</summary>
    public List<string> Requests { get; } = [];

    public static string? SkipReason => File.Exists(Chromium) ? null : $"{Chromium} is not installed (Debian package 'chromium'); the web page tests need it";

    public static async Task<BrowserPage> OpenAsync(Uri address, int width = 1100, int height = 900)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            Headless = true,
            ExecutablePath = Chromium,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-extensions", "--no-first-run", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        page.SetDefaultTimeout(30_000);
        var session = new BrowserPage(playwright, browser, page);
        await page.GotoAsync(address.ToString());
        return session;
    }

    /// <summary>Saves a screenshot of one element (or the whole page) as <c>TestResults/screenshots/NAME.png</c>.</summary>
    public async Task ScreenshotAsync(string name, string? selector = null)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        if (selector is null)
        {
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        }
        else
        {
            await Page.Locator(selector).ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
