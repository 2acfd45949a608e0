using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Investigator.Browser.Tests;

/// <summary>Signing in with a key that has cases:review, being refused without it, and signing out.</summary>
[Collection(SharedReviewSite.Name)]
public sealed class SignInTests(ReviewSite site)
{
    [Fact]
    public async Task A_key_without_the_review_scope_is_refused_at_sign_in()
    {
        await using var review = await site.OpenAsync(signIn: false);
        var page = review.Page;

        await page.GotoAsync("/review/insights");
        await page.GetByLabel("API key").FillAsync(ReviewSite.ReaderKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("does not have the scope 'cases:review'");
        await page.GetByLabel("API key").FillAsync("inv_not-a-key-at-all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not known");
        await page.GotoAsync("/review/");
        await Expect(page).ToHaveURLAsync(new Regex("/review/sign-in"));
        review.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Signing_in_returns_to_the_page_asked_for_and_signing_out_ends_the_session()
    {
        await using var review = await site.OpenAsync(signIn: false);
        var page = review.Page;

        await page.GotoAsync("/review/insights");
        await Expect(page).ToHaveURLAsync(new Regex(@"/review/sign-in\?returnUrl=%2Freview%2Finsights$"));
        await page.GetByLabel("API key").FillAsync(ReviewSite.LeadKey);
        await page.GetByLabel("API key").PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex(@"/review/insights(\?|$)"));
        await Expect(page.Locator("#who")).ToContainTextAsync(ReviewSite.LeadId);

        var cookies = await review.Context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name == "investigator_review");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/review/sign-in$"));
        await page.GotoAsync("/review/");
        await Expect(page).ToHaveURLAsync(new Regex("/review/sign-in"));
        review.AssertNoScriptErrors();
    }
}
