using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Investigator.Browser.Tests;

/// <summary>
/// What a lead does on a case, each recorded with who and when in the case history: edit and approve the draft,
/// override the priority, confirm the resolution (which a later, related ticket then finds among its similar cases).
/// </summary>
[Collection(SharedReviewSite.Name)]
public sealed class LeadActionTests(ReviewSite site)
{
    private const string Revoked = "s03-401-since-yesterday.json";

    /// <summary>Needs POST /v1/cases/{id}/draft.</summary>
    [Fact]
    public async Task A_lead_edits_the_draft_which_is_checked_again_and_approves_it()
    {
        var caseId = await site.InvestigateAsync(Revoked);
        await using var review = await site.OpenAsync();
        var page = review.Page;
        await review.OpenCaseAsync(caseId);
        var original = await page.Locator("#draft [data-draft-body]").TextContentAsync();

        // An edit with a claim no evidence supports fails the grounding check, and such a draft cannot be approved.
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit draft" }).ClickAsync();
        await page.GetByLabel("Draft body").FillAsync(original + "\n\nWe have refunded 4,999 EUR to your card on 2026-11-30.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check and save" }).ClickAsync();
        await Expect(page.Locator("#draft [data-check]")).ToHaveAttributeAsync("data-check", "failed");
        await Expect(page.Locator("#draft .issues")).ToContainTextAsync("4,999");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Approve draft" })).ToBeDisabledAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit draft" }).ClickAsync();
        await page.GetByLabel("Draft body").FillAsync(original!.Replace("Best regards", "Thank you for your patience.\n\nBest regards", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Check and save" }).ClickAsync();
        await Expect(page.Locator("#draft [data-check]")).ToHaveAttributeAsync("data-check", "passed");
        await Expect(page.Locator("#draft [data-draft-body]")).ToContainTextAsync("Thank you for your patience.");
        await Expect(page.Locator("#history tr[data-event='draftEdited']").Last).ToContainTextAsync(ReviewSite.LeadId);

        await page.GetByRole(AriaRole.Button, new() { Name = "Approve draft" }).ClickAsync();
        await Expect(page.Locator("#draft [data-draft-review]")).ToHaveAttributeAsync("data-draft-review", "draftApproved");
        await Expect(page.Locator("#draft [data-draft-review]")).ToContainTextAsync($"Approved by {ReviewSite.LeadId}");
        await Expect(page.Locator("#history tr[data-event='draftApproved']")).ToContainTextAsync(ReviewSite.LeadId);
        review.AssertNoScriptErrors();
    }

    /// <summary>Needs POST /v1/cases/{id}/override.</summary>
    [Fact]
    public async Task A_lead_overrides_the_priority_with_a_reason()
    {
        var caseId = await site.InvestigateAsync(Revoked);
        await using var review = await site.OpenAsync();
        var page = review.Page;
        await review.OpenCaseAsync(caseId);
        await Expect(page.Locator("#summary .chips")).ToContainTextAsync("P2");

        await page.GetByLabel("What to change").SelectOptionAsync("priority");
        await page.GetByLabel("New value").SelectOptionAsync("P1");
        await page.GetByLabel("Reason", new() { Exact = true }).FillAsync("Their month-end close runs on this pipeline tonight.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Override", Exact = true }).ClickAsync();

        await Expect(page.Locator("#override [data-output]")).ToContainTextAsync("Priority overridden to P1");
        await Expect(page.Locator("#decision")).ToContainTextAsync("P1");
        await Expect(page.Locator("#summary .chips .badge.P1")).ToBeVisibleAsync();
        var recorded = page.Locator("#history tr[data-event='overridden']");
        await Expect(recorded).ToContainTextAsync(ReviewSite.LeadId);
        await Expect(recorded.Locator("time")).ToHaveAttributeAsync("datetime", new Regex(@"^\d{4}-\d{2}-\d{2}T"));
        review.AssertNoScriptErrors();
    }

    /// <summary>Resolving works today; finding the case among similar cases needs GET /v1/cases/{id}/similar.</summary>
    [Fact]
    public async Task A_resolved_case_is_found_among_the_similar_cases_of_a_new_related_ticket()
    {
        var marker = $"ci-pipeline key revoked by an admin during clean-up {Guid.NewGuid():N}"[..64];
        var resolved = await site.InvestigateAsync(Revoked);
        await using var review = await site.OpenAsync();
        var page = review.Page;
        await review.OpenCaseAsync(resolved);

        await page.GetByLabel("Root cause").FillAsync(marker);
        await page.GetByLabel("Resolution", new() { Exact = true }).FillAsync("Created a new key and replaced it in the pipeline's secrets; calls succeed again.");
        await page.GetByLabel("Verification (optional)").FillAsync("A test call returned 200.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm resolution" }).ClickAsync();
        await Expect(page.Locator("[data-resolution]")).ToContainTextAsync(marker);
        await Expect(page.Locator("[data-resolution]")).ToContainTextAsync(ReviewSite.LeadId);
        await Expect(page.Locator("#summary .badge.resolved")).ToBeVisibleAsync();
        await Expect(page.Locator("#history tr[data-event='resolved']")).ToBeVisibleAsync();

        var related = await site.InvestigateAsync(Revoked, t =>
        {
            t["subject"] = "CI calls rejected with 401 since this afternoon";
            t["createdAt"] = "2026-11-12T15:30:00+00:00";
        });
        await review.OpenCaseAsync(related);
        var similar = page.Locator($"#similar li[data-similar='{resolved}']");
        await Expect(similar).ToBeVisibleAsync();
        await Expect(similar).ToContainTextAsync(marker);
        await similar.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/review/cases/{resolved}$"));
        review.AssertNoScriptErrors();
    }
}
