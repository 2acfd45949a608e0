using System.Text.Encodings.Web;
using Investigator.Api.Access;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Investigator.Api.Review;

/// <summary>
/// The support leads' review page, served by the service itself: the case list (<c>/review/</c>), a case
/// (<c>/review/cases/{id}</c>) and insights (<c>/review/insights</c>) are static HTML and ES modules that read and act
/// through the JSON API with the lead's session; signing in and out, and the session's CSRF token, are here.
/// Access (<see cref="RouteScopes"/>): the pages need a session with <c>cases:review</c>, the sign-in form and the
/// scripts are open. Every answer under /review carries a strict Content-Security-Policy: no inline script or style.
/// </summary>
public static class ReviewPages
{
    /// <summary>What the page needs to know about its session: who acts (recorded as "by"), what it may do, and the CSRF token.</summary>
    public sealed record SessionInfo(string KeyId, IReadOnlyList<string> Scopes, string CsrfToken);

    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapReviewPages(this IEndpointRouteBuilder app)
    {
        var assets = ReviewAssets.Load();
        var list = assets.Page("list.html", "Cases", "list.js", current: "cases");
        var casePage = assets.Page("case.html", "Case", "case.js", current: null);
        var insights = assets.Page("insights.html", "Insights", "insights.js", current: "insights");
        var signIn = assets.Page("sign-in.html").Text;

        var group = app.MapGroup("/review").ExcludeFromDescription().AddEndpointFilter(SecurityHeadersAsync);
        group.MapGet("/", (HttpContext context) => Html(context, list));   // also answers /review
        group.MapGet("/cases/{id}", (HttpContext context) => Html(context, casePage));
        group.MapGet("/insights", (HttpContext context) => Html(context, insights));
        group.MapGet("/assets/{name}", (HttpContext context, string name) => Asset(context, assets, name));
        group.MapGet("/session", Session);
        group.MapGet("/sign-in", (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
            SignInForm(signIn, context, antiforgery, returnUrl, error: null, StatusCodes.Status200OK));
        group.MapPost("/sign-in", (HttpContext context, IAntiforgery antiforgery, ApiKeys keys, ILoggerFactory logs) =>
            SignInAsync(signIn, context, antiforgery, keys, logs.CreateLogger(typeof(ReviewPages))));
        group.MapPost("/sign-out", SignOutAsync);
        return app;
    }

    private static FileContentHttpResult Html(HttpContext context, ReviewAssets.Asset page)
    {
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Bytes(page.Content, page.ContentType, entityTag: page.ETag);
    }

    /// <summary>A script or stylesheet; revalidated on each use (cheap with its entity tag), so a new build is seen at once.</summary>
    private static Results<FileContentHttpResult, ProblemHttpResult> Asset(HttpContext context, ReviewAssets assets, string name)
    {
        if (assets.Find(name) is not { } asset || asset.Name.EndsWith(".html", StringComparison.Ordinal))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no review asset '{name}'.");
        }

        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Bytes(asset.Content, asset.ContentType, entityTag: asset.ETag);
    }

    internal static Ok<SessionInfo> Session(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        context.Response.Headers.CacheControl = "no-store";
        var scopes = context.User.FindAll(ApiKeyAuthentication.ScopeClaim).Select(c => c.Value).ToList();
        return TypedResults.Ok(new SessionInfo(context.User.Identity!.Name!, scopes, tokens.RequestToken!));
    }

    private static ContentHttpResult SignInForm(string template, HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        context.Response.Headers.CacheControl = "no-store";
        var html = template
            .Replace("{{csrf}}", HtmlEncoder.Default.Encode(tokens.RequestToken!), StringComparison.Ordinal)
            .Replace("{{returnUrl}}", HtmlEncoder.Default.Encode(LocalReturnUrl(returnUrl)), StringComparison.Ordinal)
            .Replace("{{errorHidden}}", error is null ? "hidden" : "", StringComparison.Ordinal)
            .Replace("{{error}}", HtmlEncoder.Default.Encode(error ?? ""), StringComparison.Ordinal);
        return TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>
    /// The sign-in form's post: its CSRF token (a forged sign-in would act under someone else's key), then a key that
    /// has <c>cases:review</c>. The session is a cookie for this browser only; the key itself is never stored or logged.
    /// </summary>
    private static async Task<IResult> SignInAsync(string template, HttpContext context, IAntiforgery antiforgery, ApiKeys keys, ILogger logger)
    {
        if (!context.Request.HasFormContentType)
        {
            return SignInForm(template, context, antiforgery, null, "Sign in with the form on this page.", StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return SignInForm(template, context, antiforgery, returnUrl, "The form had expired. Please sign in again.", StatusCodes.Status400BadRequest);
        }

        var presented = form["apiKey"].ToString().Trim();
        if (presented.Length == 0 || keys.Find(presented) is not { } key)
        {
            logger.LogWarning("Review sign-in refused: unknown API key");
            return SignInForm(template, context, antiforgery, returnUrl, "That API key is not known.", StatusCodes.Status401Unauthorized);
        }

        if (!key.Scopes.Contains(Scopes.Review, StringComparer.Ordinal))
        {
            logger.LogWarning("Review sign-in refused: API key {KeyId} does not have the scope {Scope}", key.Id, Scopes.Review);
            return SignInForm(template, context, antiforgery, returnUrl,
                $"The API key '{key.Id}' does not have the scope '{Scopes.Review}' that the review page needs.", StatusCodes.Status403Forbidden);
        }

        var sessionId = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        await context.SignInAsync(ReviewSession.Scheme, ReviewSession.PrincipalFor(key, sessionId), new AuthenticationProperties { IsPersistent = false });
        logger.LogInformation("Review session started for API key {KeyId}", key.Id);
        return TypedResults.Redirect(LocalReturnUrl(returnUrl));   // 302 after a POST: the browser follows with a GET
    }

    /// <summary>
    /// Ends the session and goes back to the sign-in page. The route is open, so a lead whose session has already ended
    /// still lands there; a live session must send its CSRF token (no other page can sign a lead out).
    /// </summary>
    internal static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery, ILoggerFactory logs)
    {
        if (ReviewSession.IsSession(context.User))
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "CSRF token missing or invalid",
                    detail: $"Signing out needs the session's token as the form field '{ReviewSession.CsrfField}' or the header '{ReviewSession.CsrfHeader}'.");
            }

            await context.SignOutAsync(ReviewSession.Scheme);
            logs.CreateLogger(typeof(ReviewPages)).LogInformation("Review session ended for API key {KeyId}", context.User.Identity?.Name);
        }

        return TypedResults.Redirect(ReviewSession.SignInPath);
    }

    /// <summary>Only a review page of this service is a place to return to after signing in: anything else is the case list.</summary>
    internal static string LocalReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url
        && url.StartsWith("/review", StringComparison.Ordinal)
        && (url.Length == "/review".Length || url["/review".Length] is '/' or '?' or '#')
        && !url.Contains('\\', StringComparison.Ordinal)
        && !url.StartsWith(ReviewSession.SignInPath, StringComparison.Ordinal)
            ? url
            : "/review/";

    private static ValueTask<object?> SecurityHeadersAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        return next(context);
    }
}
