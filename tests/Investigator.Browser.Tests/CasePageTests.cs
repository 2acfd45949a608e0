using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Investigator.Browser.Tests;

/// <summary>A case page: what it shows, citations that lead to their evidence, case text kept as text, and the page at 800 px by keyboard.</summary>
[Collection(SharedReviewSite.Name)]
public sealed class CasePageTests(ReviewSite site)
{
    private const string Revoked = "s03-401-since-yesterday.json";

    [Fact]
    public async Task The_case_page_shows_facts_with_their_source_the_timeline_the_decision_and_the_checked_draft()
    {
        await using var review = await site.OpenAsync();
        var page = review.Page;
        await review.OpenCaseAsync(site.Seeded[Revoked]);

        await Expect(page.Locator("#ticket-body")).ToContainTextAsync("Our CI pipeline has been failing since yesterday afternoon");
        var version = page.Locator("#facts tbody tr").Filter(new() { HasText = "flowpoint-python 3.4.1" }).First;
        await Expect(version).ToContainTextAsync("Ticket text · body");
        await version.GetByRole(AriaRole.Button, new() { Name = "Show in ticket" }).ClickAsync();
        await Expect(page.Locator("#ticket-body mark")).ToHaveTextAsync("flowpoint-python 3.4.1");
        await Expect(page.Locator("#facts")).ToContainTextAsync("Missing information (0)");

        var keys = page.Locator("#investigation li.step.toolCall").Filter(new() { HasText = "account.list_api_keys" });
        await Expect(keys).ToContainTextAsync("prefix = fp_live_Rk8d");
        await Expect(keys).ToContainTextAsync(new Regex(@"took (<1|\d+) ms"));
        await Expect(keys).ToContainTextAsync("2 keys: 1 active, 1 revoked");
        await Expect(page.Locator("#investigation li#H2")).ToContainTextAsync("Confirmed");

        await Expect(page.Locator("#decision")).ToContainTextAsync("hypothesis:auth.key_revoked");
        await Expect(page.Locator("#decision")).ToContainTextAsync("tier2 / integrations");
        await Expect(page.Locator("#draft [data-check]")).ToHaveAttributeAsync("data-check", "passed");
        await Expect(page.Locator("#draft .internal-note")).ToContainTextAsync("Decision: UserOrConfigurationMistake");
        await Expect(page.Locator("#history tr[data-event='opened']")).ToContainTextAsync("intake");

        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await review.ScreenshotAsync("review-case.png", fullPage: false);
        review.AssertNoScriptErrors();
    }

    [Fact]
    public async Task A_citation_in_the_draft_leads_to_its_evidence_card()
    {
        await using var review = await site.OpenAsync();
        var page = review.Page;
        await review.OpenCaseAsync(site.Seeded[Revoked]);

        var citation = page.Locator("#draft [data-draft-body] a.cite").First;
        await Expect(citation).ToHaveTextAsync("[E2]");
        await citation.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("#E2$"));
        var card = page.Locator("article.evidence#E2");
        await Expect(card).ToBeFocusedAsync();
        await Expect(card).ToBeInViewportAsync();
        await Expect(card).ToContainTextAsync("fp_live_Rk8d (\"ci-pipeline\") was revoked");
        await review.ScreenshotAsync("review-evidence.png", fullPage: false);

        // A link to a card works from outside the page too: the card exists only once the case is drawn.
        await page.GotoAsync("about:blank");
        await review.OpenCaseAsync(site.Seeded[Revoked], "#E3");
        await Expect(page.Locator("article.evidence#E3")).ToBeFocusedAsync();
        review.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Case_text_is_shown_as_text_and_never_runs()
    {
        const string subject = "<img src=x onerror=\"window.pwned=1\">Export <b>fails</b>";
        var hostile = await site.InvestigateAsync("s08-csv-export-fails.json", t =>
        {
            t["subject"] = subject;
            t["body"] = "Our export fails.\n<script>window.pwned=2</script>\n<svg onload=\"window.pwned=3\"></svg>";
            t["bodyFormat"] = "text";
        });
        await using var review = await site.OpenAsync();
        var page = review.Page;

        await review.OpenCaseAsync(hostile);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(subject);
        await Expect(page.Locator("#ticket-body")).ToContainTextAsync("<script>window.pwned=2</script>");
        Assert.Equal(0, await page.Locator("main img, main script, #ticket svg").CountAsync());

        // An HTML ticket is shown as the text the customer saw, not its markup.
        await review.OpenCaseAsync(site.Seeded["s05-sso-nobody-can-sign-in.json"]);
        await Expect(page.Locator("#ticket-body")).ToContainTextAsync("Dear Flowpoint Support,");
        await Expect(page.Locator("#ticket-body")).Not.ToContainTextAsync("<p>");

        Assert.True(await page.EvaluateAsync<bool>("() => window.pwned === undefined"));
        review.AssertNoScriptErrors();
    }

    [Fact]
    public async Task At_800_px_the_pages_fit_every_control_is_labelled_and_a_case_opens_by_keyboard()
    {
        await using var review = await site.OpenAsync(width: 800);
        var page = review.Page;
        var revoked = site.Seeded[Revoked];
        await Expect(page.Locator($"#cases tbody tr[data-case-id='{revoked}']")).ToBeVisibleAsync();
        await AssertFitsAndLabelledAsync(page);

        // From the top of the page, the keyboard alone reaches the case and opens it.
        await page.Locator("body").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
        var reached = false;
        for (var i = 0; i < 60 && !reached; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await page.EvaluateAsync<bool>("id => document.activeElement?.closest('tr')?.dataset.caseId === id", revoked);
        }

        Assert.True(reached, "the case's link was not reachable with Tab");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex($"/review/cases/{revoked}$"));
        await Expect(page.Locator("#case")).ToBeVisibleAsync();
        await AssertFitsAndLabelledAsync(page);
        await review.ScreenshotAsync("review-case-800.png", fullPage: false);

        await page.GotoAsync("/review/insights");
        await Expect(page.Locator("#from")).ToHaveValueAsync(new Regex(@"^\d{4}-\d{2}-\d{2}$"));
        await AssertFitsAndLabelledAsync(page);
        review.AssertNoScriptErrors();
    }

    /// <summary>No sideways scrolling of the page; every form control has a label and every button a name.</summary>
    private static async Task AssertFitsAndLabelledAsync(IPage page)
    {
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            $"{page.Url} is wider than the window");
        var unlabelled = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
                .filter(e => e.tagName === 'BUTTON' ? !e.textContent.trim() && !e.getAttribute('aria-label') : !e.labels?.length && !e.getAttribute('aria-label'))
                .map(e => e.outerHTML.slice(0, 80))
            """);
        Assert.True(unlabelled.Length == 0, $"{page.Url}: controls without a label: {string.Join(", ", unlabelled)}");
    }
}
