using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;

namespace Investigator.Api.Access;

/// <summary>
/// The review page's session. A lead signs in with an API key that has <see cref="Scopes.Review"/> and gets a
/// cookie (HttpOnly, SameSite=Strict, Secure over HTTPS) that stands for that key: its id and, re-read from the
/// configured keys on every request, its scopes. A request the cookie authenticates that changes anything must
/// carry the session's CSRF token (<c>X-CSRF-Token</c>, or the form field <c>csrf</c>), which
/// <c>GET /review/session</c> hands to the page. A key sent in a header never needs the token: it is not ambient.
/// </summary>
public static class ReviewSession
{
    public const string Scheme = "ReviewSession";

    public const string CookieName = "investigator_review";

    public const string CsrfCookieName = "investigator_csrf";

    public const string CsrfHeader = "X-CSRF-Token";

    public const string CsrfField = "csrf";

    public const string SignInPath = "/review/sign-in";

    /// <summary>A session lasts a working day, then the lead signs in again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    /// <summary>
    /// The cookie scheme and the antiforgery tokens. Their data-protection keys live in memory only: sessions end
    /// when the service restarts (the page then sends the lead to sign in again), and no key material is written to disk.
    /// </summary>
    internal static AuthenticationBuilder AddReviewSession(this AuthenticationBuilder authentication)
    {
        var services = authentication.Services;
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = CsrfHeader;
            o.FormFieldName = CsrfField;
            o.Cookie.Name = CsrfCookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SuppressXFrameOptionsHeader = true;   // the review pages send CSP frame-ancestors 'none' and X-Frame-Options: DENY
        });
        return authentication.AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/";   // the page calls the API under /v1 with it
            o.ExpireTimeSpan = Lifetime;
            o.SlidingExpiration = false;
            o.Events.OnValidatePrincipal = RefreshFromConfiguredKeyAsync;
        });
    }

    /// <summary>Picks the scheme of a request: a key in a header wins; otherwise the session cookie, when there is one.</summary>
    internal static string SchemeFor(HttpContext context) =>
        ApiKeyAuthentication.IsPresented(context.Request.Headers) || !context.Request.Cookies.ContainsKey(CookieName)
            ? ApiKeyAuthentication.SchemeName
            : Scheme;

    /// <summary>The principal of a new session of <paramref name="key"/>; the session id binds the CSRF token to this session.</summary>
    public static ClaimsPrincipal PrincipalFor(ApiKeyEntry key, string sessionId) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, key.Id), new Claim(ClaimTypes.NameIdentifier, sessionId), .. key.Scopes.Select(s => new Claim(ApiKeyAuthentication.ScopeClaim, s))],
            Scheme));

    /// <summary>Whether the request was authenticated by a review session cookie.</summary>
    public static bool IsSession(ClaimsPrincipal user) => user.Identity is { IsAuthenticated: true, AuthenticationType: Scheme };

    /// <summary>A request that changes nothing passes; any other must carry the session's CSRF token.</summary>
    internal static Task<bool> CarriesCsrfTokenAsync(HttpContext context)
    {
        var method = context.Request.Method;
        return HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method)
            ? Task.FromResult(true)
            : context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context);
    }

    /// <summary>Where an unauthenticated visitor of a review page is sent, with the page to come back to.</summary>
    internal static string SignInRedirect(HttpRequest request) =>
        $"{SignInPath}?returnUrl={Uri.EscapeDataString(request.Path + request.QueryString)}";

    /// <summary>A key removed from the configuration, or that lost <see cref="Scopes.Review"/>, ends its sessions; other scope changes apply at once.</summary>
    private static async Task RefreshFromConfiguredKeyAsync(CookieValidatePrincipalContext context)
    {
        var keys = context.HttpContext.RequestServices.GetRequiredService<ApiKeys>();
        var sessionId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (context.Principal?.Identity?.Name is not { } id || sessionId is null
            || keys.ById(id) is not { } key || !key.Scopes.Contains(Scopes.Review, StringComparer.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }

        context.ReplacePrincipal(PrincipalFor(key, sessionId));
    }
}
