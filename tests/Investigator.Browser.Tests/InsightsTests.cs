using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Investigator.Browser.Tests;

/// <summary>Insights over a period, drawn as inline SVG. Needs GET /v1/insights.</summary>
[Collection(SharedReviewSite.Name)]
public sealed class InsightsTests(ReviewSite site)
{
    [Fact]
    public async Task Insights_draw_volumes_sla_and_corrections_for_the_chosen_period()
    {
        await using var review = await site.OpenAsync();
        var page = review.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "Insights" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Last 7 days" }).ClickAsync();
        var byDisposition = page.Locator("figure[data-chart='Cases by disposition']");
        await Expect(byDisposition.Locator("svg rect.bar").First).ToBeVisibleAsync();
        await Expect(byDisposition.Locator("svg title")).ToContainTextAsync("Incident");
        await Expect(page.Locator("figure[data-chart='SLA compliance per priority'] svg rect").First).ToBeAttachedAsync();
        await Expect(page.Locator("figure[data-chart='Overrides by a lead']")).ToBeVisibleAsync();
        var cases = int.Parse(await page.Locator("[data-stat='Cases'] .value").TextContentAsync() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(cases >= site.Seeded.Count, $"insights counted {cases} cases; {site.Seeded.Count} were investigated at start");
        await Expect(page.Locator("#message.error")).ToHaveCountAsync(0);
        await review.ScreenshotAsync("review-insights.png");
        review.AssertNoScriptErrors();
    }
}
