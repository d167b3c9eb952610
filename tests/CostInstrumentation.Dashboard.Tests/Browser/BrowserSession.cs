using System.IO;
using Microsoft.Playwright;

namespace CostInstrumentation.Dashboard.Tests.Browser;

/// <summary>
/// Debian's Chromium (/usr/bin/chromium, installed by test.sh; never a downloaded browser) driven by Playwright's bundled
/// driver, headless with a fresh profile, and the pages site it visits. Every request is checked: one leaving 127.0.0.1
/// is aborted and recorded, as are console errors (a CSP violation is one) and uncaught page errors; each test ends by
/// asserting there were none.
/// </summary>
public sealed class BrowserSession : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly string _profile = Path.Combine(Path.GetTempPath(), "llmcost-chromium-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _problems = [];
    private IPlaywright? _playwright;
    private IBrowserContext? _context;
    private PagesSite? _site;

    /// <summary>Where screenshots are kept (test artifacts): <c>screenshots/</c> next to the test assembly.</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    internal PagesSite Site => _site ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _site = await PagesSite.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _context = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        await _context.RouteAsync("**/*", async route =>
        {
            if (new Uri(route.Request.Url).Host == "127.0.0.1")
            {
                await route.ContinueAsync();
            }
            else
            {
                Record("request leaving 127.0.0.1: " + route.Request.Url);
                await route.AbortAsync();
            }
        });
        Directory.CreateDirectory(Screenshots);
    }

    /// <summary>A new tab whose console errors and page errors are recorded.</summary>
    public async Task<IPage> NewPageAsync()
    {
        IPage page = await _context!.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Record("console error on " + page.Url + ": " + message.Text);
            }
        };
        page.PageError += (_, error) => Record("page error on " + page.Url + ": " + error);
        return page;
    }

    /// <summary>Opens <paramref name="path"/> under the dashboard root and checks it answered 200.</summary>
    public async Task<IPage> OpenAsync(string path)
    {
        IPage page = await NewPageAsync();
        IResponse? response = await page.GotoAsync(Site.Root + path);
        Assert.Equal(200, response?.Status);
        return page;
    }

    /// <summary>
    /// Waits for the page a click navigated to: its URL matching <paramref name="url"/>, then its document parsed to the
    /// footer every page ends with. Not the load event: after a redirected form post under load, Chromium was once seen
    /// not to report it to Playwright although the page was there (a 30-second timeout in CI).
    /// </summary>
    public static async Task WaitForPageAsync(IPage page, string url)
    {
        await page.WaitForURLAsync(url, new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.Locator("body > footer").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    }

    /// <summary>A full-page screenshot kept under <see cref="Screenshots"/>.</summary>
    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    /// <summary>Forgets what earlier tests recorded (each test class constructor calls it).</summary>
    public void Reset()
    {
        lock (_problems)
        {
            _problems.Clear();
        }
    }

    /// <summary>Fails when any request left loopback, or a page logged an error.</summary>
    public void AssertNoProblems()
    {
        lock (_problems)
        {
            Assert.Empty(_problems);
        }
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }

        _playwright?.Dispose();
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }

        if (Directory.Exists(_profile))
        {
            Directory.Delete(_profile, recursive: true);
        }
    }

    private void Record(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }
}

/// <summary>The browser tests share one Chromium and one site, and run one after another (the machine has 2 cores).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserSession>
{
    public const string Name = "browser";
}
