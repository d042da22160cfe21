using Microsoft.Playwright;

namespace SkPlugins.Host.Tests;

/// <summary>Debian's chromium, driven by Playwright, clicks through the web page against the running server.</summary>
public sealed class WebPageTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Chromium = "/usr/bin/chromium";

    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    [SkippableFact]
    public async Task Page_compares_tokenizers_in_the_books_colours_and_recommends_songs()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is not installed (Debian package 'chromium'); the web page test needs it");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            Headless = true,
            ExecutablePath = Chromium,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-extensions", "--no-first-run", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };
        await page.GotoAsync(fixture.Server.BaseAddress.ToString());

        // Tokenizer comparison: the book's text is preloaded; one row per tokenizer, tokens coloured in the book's order.
        Assert.Contains("CAPITALIZATION", await page.InputValueAsync("#token-text"));
        await page.FillAsync("#token-text", "Hello world of tokens");
        await page.ClickAsync("#compare");
        var rows = page.Locator(".token-row");
        await rows.Nth(1).WaitForAsync();
        Assert.Equal(2, await rows.CountAsync());
        Assert.Equal("whitespace", await rows.Nth(0).GetAttributeAsync("data-tokenizer"));
        Assert.Equal("4 tokens · 5.25 characters/token", await rows.Nth(0).Locator(".stats").TextContentAsync());
        Assert.Equal(["Hello", "world", "of", "tokens"], await rows.Nth(0).Locator(".tok").AllTextContentsAsync());
        Assert.Equal(21, await rows.Nth(1).Locator(".tok").CountAsync());
        var colours = await rows.Nth(1).Locator(".tok").EvaluateAllAsync<string[]>("els => els.slice(0, 7).map(e => getComputedStyle(e).backgroundColor)");
        Assert.Equal(["rgb(102, 194, 165)", "rgb(252, 141, 98)", "rgb(141, 160, 203)", "rgb(231, 138, 195)", "rgb(166, 216, 84)", "rgb(255, 217, 47)", "rgb(102, 194, 165)"], colours);

        // Song recommender: search a title, see its neighbours.
        await page.FillAsync("#song-query", "Fade To Black");
        await page.FillAsync("#song-topn", "3");
        await page.ClickAsync("#recommend");
        var songRows = page.Locator("#song-results tbody tr");
        await songRows.Nth(2).WaitForAsync();
        Assert.Equal(3, await songRows.CountAsync());
        Assert.Equal("Like “Fade To Black” by Metallica:", await page.TextContentAsync("#song-seed"));
        Assert.Equal(["1", "Enter Sandman", "Metallica", "0.9000"], await songRows.Nth(0).Locator("td").AllTextContentsAsync());
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, "web-page.png"), FullPage = true });

        // An unknown song shows the server's problem detail instead of failing silently.
        await page.FillAsync("#song-query", "No Such Song");
        await page.ClickAsync("#recommend");
        await page.Locator("#song-error").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        Assert.Contains("400: no song 'No Such Song'", await page.TextContentAsync("#song-error"));
        Assert.DoesNotContain(consoleErrors, e => !e.Contains("400", StringComparison.Ordinal));
    }
}
