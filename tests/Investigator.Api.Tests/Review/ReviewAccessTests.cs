using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Investigator.Api.Access;
using Investigator.Api.Review;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Investigator.Api.Tests.Review;

/// <summary>
/// The review page's access: pages send a visitor without a session to sign in; signing in needs a key with
/// cases:review and the form's CSRF token; the session cookie is HttpOnly and SameSite=Strict (Secure over HTTPS);
/// anything the cookie changes needs the session's CSRF token; signing out ends the session.
/// </summary>
public sealed partial class ReviewAccessTests
{
    private const string ReaderKey = "inv_reader-only-0123456789abcdefghijklmnopqrstu";

    private static ServiceHost Host() => new ServiceHost().WithSettings(
        ("Access:ApiKeys:0:Id", "dashboard"), ("Access:ApiKeys:0:Sha256", ApiKeys.HashHex(ReaderKey)), ("Access:ApiKeys:0:Scopes:0", Scopes.ReadCases));

    /// <summary>A client that behaves like a browser: keeps cookies, does not follow redirects, sends no key.</summary>
    private static HttpClient Browser(ServiceHost host, string baseAddress = "http://localhost")
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri(baseAddress) });
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    [GeneratedRegex("name=\"csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();

    private static async Task<string> FormTokenAsync(HttpClient browser, string returnUrl = "/review/")
    {
        var form = await browser.GetStringAsync(new Uri($"/review/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}", UriKind.Relative));
        return WebUtility.HtmlDecode(CsrfField().Match(form).Groups[1].Value);
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string key, string returnUrl = "/review/", string? token = null)
    {
        token ??= await FormTokenAsync(browser, returnUrl);
        return await browser.PostAsync(new Uri("/review/sign-in", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["csrf"] = token, ["apiKey"] = key, ["returnUrl"] = returnUrl,
        }));
    }

    private static async Task<string> SessionTokenAsync(HttpClient browser) =>
        (await browser.GetFromJsonAsync<JsonElement>(new Uri("/review/session", UriKind.Relative))).GetProperty("csrfToken").GetString()!;

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    [Theory]
    [InlineData("/review", "%2Freview")]
    [InlineData("/review/", "%2Freview%2F")]
    [InlineData("/review/cases/case_x?tab=1", "%2Freview%2Fcases%2Fcase_x%3Ftab%3D1")]
    [InlineData("/review/insights", "%2Freview%2Finsights")]
    public async Task A_review_page_without_a_session_redirects_to_sign_in_and_comes_back_after(string page, string returnUrl)
    {
        using var host = Host();
        using var browser = Browser(host);

        using var response = await browser.GetAsync(new Uri(page, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/review/sign-in?returnUrl={returnUrl}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Without_a_session_the_session_endpoint_and_changes_answer_problems_and_only_sign_in_and_scripts_are_open()
    {
        using var host = Host();
        using var browser = Browser(host);

        using var session = await browser.GetAsync(new Uri("/review/session", UriKind.Relative));
        using var post = await browser.PostAsync(new Uri("/v1/cases/case_x/acknowledgement", UriKind.Relative), ServiceHost.Json("""{"by":"x"}"""));
        using var signIn = await browser.GetAsync(new Uri("/review/sign-in", UriKind.Relative));
        using var script = await browser.GetAsync(new Uri("/review/assets/case.js", UriKind.Relative));
        using var template = await browser.GetAsync(new Uri("/review/assets/sign-in.html", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, session.StatusCode);
        Assert.Equal("application/problem+json", session.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("default-src 'self'", signIn.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", signIn.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Matches(CsrfField(), await signIn.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, template.StatusCode);
    }

    [Fact]
    public async Task A_key_without_cases_review_cannot_sign_in_and_gets_no_session()
    {
        using var host = Host();
        using var browser = Browser(host);

        using var response = await SignInAsync(browser, ReaderKey);
        using var page = await browser.GetAsync(new Uri("/review/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("The API key &#x27;dashboard&#x27; does not have the scope &#x27;cases:review&#x27;", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(SetCookies(response), c => c.StartsWith(ReviewSession.CookieName + "=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }

    [Fact]
    public async Task An_unknown_key_or_a_sign_in_without_the_form_s_token_is_refused()
    {
        using var host = Host();
        using var browser = Browser(host);

        using var unknown = await SignInAsync(browser, "inv_not-a-key");
        using var forged = await SignInAsync(browser, ServiceHost.TestKey, token: "not-the-token");

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Contains("That API key is not known.", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain(SetCookies(forged), c => c.StartsWith(ReviewSession.CookieName + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_session_reads_the_api_and_a_change_needs_the_session_s_csrf_token()
    {
        using var host = Host();
        using var browser = Browser(host);

        using var signIn = await SignInAsync(browser, ServiceHost.TestKey, "/review/cases/case_x#E2");
        var cookie = Assert.Single(SetCookies(signIn), c => c.StartsWith(ReviewSession.CookieName + "=", StringComparison.Ordinal));
        using var list = await browser.GetAsync(new Uri("/v1/cases", UriKind.Relative));
        using var page = await browser.GetAsync(new Uri("/review/cases/case_x", UriKind.Relative));
        var session = await browser.GetFromJsonAsync<JsonElement>(new Uri("/review/session", UriKind.Relative));
        var token = session.GetProperty("csrfToken").GetString()!;

        using var withoutToken = await browser.PostAsync(new Uri("/v1/cases/case_x/acknowledgement", UriKind.Relative), ServiceHost.Json("""{"by":"tests"}"""));
        using var wrongToken = await SendAsync(browser, "/v1/cases/case_x/acknowledgement", token[..^4] + "AAAA");
        using var withToken = await SendAsync(browser, "/v1/cases/case_x/acknowledgement", token);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/review/cases/case_x#E2", signIn.Headers.Location?.OriginalString);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie.Replace("samesite", "", StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ServiceHost.TestKey, cookie, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal("tests", session.GetProperty("keyId").GetString());
        Assert.Contains(Scopes.Review, session.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));

        Assert.Equal(HttpStatusCode.Forbidden, withoutToken.StatusCode);
        var problem = await ServiceHost.ReadJsonAsync(withoutToken);
        Assert.Equal("CSRF token missing or invalid", problem.GetProperty("title").GetString());
        Assert.Equal("application/problem+json", withoutToken.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, withToken.StatusCode);   // past access control: the case does not exist
    }

    [Fact]
    public async Task A_key_in_a_header_needs_no_csrf_token_even_beside_a_session_cookie()
    {
        using var host = Host();
        using var browser = Browser(host);
        using var signIn = await SignInAsync(browser, ServiceHost.TestKey);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/cases/case_x/acknowledgement") { Content = ServiceHost.Json("""{"by":"tests"}""") };
        request.Headers.Add("X-Api-Key", ServiceHost.TestKey);
        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Over_https_the_session_cookie_is_secure()
    {
        using var host = Host();
        using var browser = Browser(host, "https://localhost");

        using var signIn = await SignInAsync(browser, ServiceHost.TestKey);

        var cookie = Assert.Single(SetCookies(signIn), c => c.StartsWith(ReviewSession.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Signing_out_needs_the_token_and_ends_the_session()
    {
        using var host = Host();
        using var browser = Browser(host);
        using var signIn = await SignInAsync(browser, ServiceHost.TestKey);
        var token = await SessionTokenAsync(browser);

        using var forged = await browser.PostAsync(new Uri("/review/sign-out", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = "forged" }));
        using var stillIn = await browser.GetAsync(new Uri("/review/session", UriKind.Relative));
        using var signOut = await browser.PostAsync(new Uri("/review/sign-out", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = token }));
        using var after = await browser.GetAsync(new Uri("/review/session", UriKind.Relative));
        using var again = await browser.PostAsync(new Uri("/review/sign-out", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/review/sign-in", signOut.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);   // already signed out: just back to the form
    }

    [Theory]
    [InlineData("/review/cases/case_1?x=1#E2", "/review/cases/case_1?x=1#E2")]
    [InlineData("/review", "/review")]
    [InlineData("/review/insights", "/review/insights")]
    [InlineData("//evil.example/review", "/review/")]
    [InlineData("https://evil.example/review/", "/review/")]
    [InlineData("/reviewer", "/review/")]
    [InlineData("/review\\..\\evil", "/review/")]
    [InlineData("/review/sign-in?returnUrl=x", "/review/")]
    [InlineData("/v1/cases", "/review/")]
    [InlineData(null, "/review/")]
    public void Only_a_review_page_is_a_place_to_return_to_after_signing_in(string? asked, string expected) =>
        Assert.Equal(expected, ReviewPages.LocalReturnUrl(asked));

    private static async Task<HttpResponseMessage> SendAsync(HttpClient browser, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = ServiceHost.Json("""{"by":"tests"}""") };
        request.Headers.Add(ReviewSession.CsrfHeader, token);
        return await browser.SendAsync(request);
    }
}
