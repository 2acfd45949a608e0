using Microsoft.Playwright;

namespace Investigator.Browser.Tests;

/// <summary>
/// One test's browser: its own context (cookies) and page. It records script errors and Content-Security-Policy
/// refusals (a page that broke its own CSP would say so in the console) so a test can assert there were none.
/// </summary>
public sealed class ReviewBrowser : IAsyncDisposable
{
    private readonly List<string> _errors = [];

    public ReviewBrowser(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.PageError += (_, error) => _errors.Add($"script error: {error}");
        page.Console += (_, message) =>
        {
            // A failed request is the test's to check (an API answering 4xx is sometimes the point); scripts and CSP are not.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                _errors.Add($"console: {message.Text}");
            }
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Signs in through the form the way a lead does: the review page sends a visitor without a session there first.</summary>
    public async Task SignInAsync(string key)
    {
        await Page.GotoAsync("/review/");
        await Assertions.Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/review/sign-in"));
        await Page.GetByLabel("API key").FillAsync(key);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#who")).ToContainTextAsync(ReviewSite.LeadId);
    }

    /// <summary>Opens a case page and waits until the case is drawn.</summary>
    public async Task OpenCaseAsync(string caseId, string fragment = "")
    {
        await Page.GotoAsync($"/review/cases/{caseId}{fragment}");
        await Assertions.Expect(Page.Locator("#case")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#summary dd.mono")).ToHaveTextAsync(caseId);
    }

    public async Task ScreenshotAsync(string name, bool fullPage = true) =>
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ReviewSite.Artifacts, name), FullPage = fullPage });

    public void AssertNoScriptErrors() => Assert.True(_errors.Count == 0, string.Join("\n", _errors));

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
