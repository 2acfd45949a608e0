using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Investigator.Browser.Tests;

/// <summary>The case list: rows with SLA time left, filters, paging, polling, and parked cases a lead retries.</summary>
[Collection(SharedReviewSite.Name)]
public sealed class CaseListTests(ReviewSite site)
{
    private const string Revoked = "s03-401-since-yesterday.json";
    private const string Outage = "s02-production-down-503.json";

    private static ILocator Row(IPage page, string caseId) => page.Locator($"#cases tbody tr[data-case-id='{caseId}']");

    [Fact]
    public async Task The_list_shows_each_case_with_its_sla_filters_by_status_and_opens_a_case()
    {
        await using var review = await site.OpenAsync();
        var page = review.Page;
        var revoked = site.Seeded[Revoked];

        var row = Row(page, revoked);
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("API returns 401 since yesterday afternoon");
        await Expect(row).ToContainTextAsync("P2");
        await Expect(row.Locator("td[data-sla]")).ToHaveTextAsync(new Regex(@"(overdue by|left).*(first response|resolution)"));
        await Expect(page.Locator("#page-info")).ToContainTextAsync("Page 1 of");
        await review.ScreenshotAsync("review-list.png");

        await page.GetByLabel("Status").SelectOptionAsync("resolved");
        await Expect(page).ToHaveURLAsync(new Regex(@"\?status=resolved$"));
        await Expect(row).ToHaveCountAsync(0);
        await page.GetByLabel("Status").SelectOptionAsync("completed");
        await Expect(row).ToBeVisibleAsync();
        await Expect(page.Locator("#cases tbody tr[data-case-id] .badge.completed")).ToHaveCountAsync(await page.Locator("#cases tbody tr[data-case-id]").CountAsync());

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/review/cases/{revoked}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("API returns 401 since yesterday afternoon");
        review.AssertNoScriptErrors();
    }

    /// <summary>Needs the list's new filters (disposition, priority, tier, dueWithinHours) in GET /v1/cases.</summary>
    [Fact]
    public async Task The_list_filters_by_disposition_priority_tier_and_sla_due()
    {
        await using var review = await site.OpenAsync();
        var page = review.Page;
        var revoked = Row(page, site.Seeded[Revoked]);
        var outage = Row(page, site.Seeded[Outage]);
        await Expect(revoked).ToBeVisibleAsync();

        await page.GetByLabel("Priority").SelectOptionAsync("P0");
        await Expect(page).ToHaveURLAsync(new Regex("priority=P0"));
        await Expect(outage).ToBeVisibleAsync();
        await Expect(revoked).ToHaveCountAsync(0);
        Assert.All(await page.Locator("#cases tbody tr[data-case-id] td:nth-child(5)").AllTextContentsAsync(), text => Assert.Equal("P0", text));

        await page.GetByRole(AriaRole.Button, new() { Name = "Clear" }).ClickAsync();
        await page.GetByLabel("Disposition").SelectOptionAsync("userOrConfigurationMistake");
        await Expect(revoked).ToBeVisibleAsync();
        await Expect(outage).ToHaveCountAsync(0);

        await page.GetByLabel("Disposition").SelectOptionAsync("");
        await page.GetByLabel("Tier").SelectOptionAsync("tier3");
        await Expect(outage).ToBeVisibleAsync();
        await Expect(revoked).ToHaveCountAsync(0);

        // The demo tickets were written in 2026-11 before "now": their SLA targets have passed, so none is due in the next hour.
        await page.GetByLabel("Tier").SelectOptionAsync("");
        await page.GetByLabel("SLA due within").SelectOptionAsync("1");
        await Expect(page).ToHaveURLAsync(new Regex("dueWithinHours=1"));
        await Expect(page.Locator("#message.error")).ToHaveCountAsync(0);
        review.AssertNoScriptErrors();
    }

    [Fact]
    public async Task A_new_case_appears_in_the_list_without_a_reload()
    {
        await using var review = await site.OpenAsync();
        var page = review.Page;
        await Expect(Row(page, site.Seeded[Revoked])).ToBeVisibleAsync();
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        var created = await site.InvestigateAsync(Outage, t => t["subject"] = "Arrived while the list was open");

        await Expect(Row(page, created)).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(page.Locator("#message")).ToContainTextAsync("new case");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        review.AssertNoScriptErrors();
    }

    [Fact]
    public async Task A_parked_case_is_listed_under_parked_and_a_lead_retries_it()
    {
        ReviewSite.IntakeDown = true;
        try
        {
            var parked = await site.InvestigateAsync("s07-workflows-stopped-running.json", t => t["subject"] = $"{ReviewSite.FailingMarker} Workflows stopped running", wait: false);
            await UntilStatusAsync(parked, "parked");

            await using var review = await site.OpenAsync();
            var page = review.Page;
            await page.GetByLabel("Status").SelectOptionAsync("parked");
            var row = Row(page, parked);
            await Expect(row).ToBeVisibleAsync();
            await row.GetByRole(AriaRole.Link).ClickAsync();
            await Expect(page.Locator("#summary")).ToContainTextAsync("account source refused the connection");

            ReviewSite.IntakeDown = false;
            await page.GetByRole(AriaRole.Button, new() { Name = "Retry the investigation" }).ClickAsync();
            await Expect(page.Locator("#summary .badge.completed")).ToBeVisibleAsync(new() { Timeout = 20_000 });
            var retried = page.Locator("#history tr[data-event='retryRequested']");
            await Expect(retried).ToContainTextAsync(ReviewSite.LeadId);
            review.AssertNoScriptErrors();
        }
        finally
        {
            ReviewSite.IntakeDown = false;
        }
    }

    private async Task UntilStatusAsync(string caseId, string status)
    {
        for (var i = 0; i < 150; i++)
        {
            var found = await site.Api.GetFromJsonAsync<JsonElement>($"/v1/cases/{caseId}");
            if (found.GetProperty("status").GetString() == status) return;
            await Task.Delay(100);
        }

        Assert.Fail($"case {caseId} never became {status}");
    }
}
