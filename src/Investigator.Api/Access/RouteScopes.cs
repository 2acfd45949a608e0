namespace Investigator.Api.Access;

/// <summary>
/// Which scope a request needs, decided by method and path in one table, so no endpoint can be added
/// without an access rule: anything not listed needs an authenticated key (and then finds its 404).
/// </summary>
public static class RouteScopes
{
    /// <summary>What the request needs: nothing (health, helpdesk webhooks, which carry their own signatures), or a scope.</summary>
    public static RouteAccess For(string method, string path)
    {
        if (path is "/health" or "/ready" || path.StartsWith("/v1/webhooks/", StringComparison.OrdinalIgnoreCase))
        {
            return RouteAccess.Open;
        }

        if (IsUnder(path, "/review"))
        {
            return Review(method, path);
        }

        if (HttpMethods.IsPost(method) && path.StartsWith("/v1/investigations", StringComparison.OrdinalIgnoreCase))
        {
            return RouteAccess.Needs(Scopes.Investigate);
        }

        if (HttpMethods.IsPost(method) && path.StartsWith("/v1/cases/", StringComparison.OrdinalIgnoreCase))
        {
            return RouteAccess.Needs(Scopes.Review);
        }

        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            return RouteAccess.Needs(Scopes.ReadCases);
        }

        return RouteAccess.Authenticated;
    }

    /// <summary>
    /// The review page: signing in and out (each checks its own CSRF token) and the scripts and styles (no case data) are
    /// open; the session endpoint and every change need <see cref="Scopes.Review"/>; a page sends a visitor without a
    /// session to sign in.
    /// </summary>
    private static RouteAccess Review(string method, string path)
    {
        if (IsUnder(path, "/review/sign-in") || IsUnder(path, "/review/sign-out") || IsUnder(path, "/review/assets"))
        {
            return RouteAccess.Open;
        }

        return (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) && !IsUnder(path, "/review/session")
            ? RouteAccess.Page(Scopes.Review)
            : RouteAccess.Needs(Scopes.Review);
    }

    /// <summary>The path is <paramref name="prefix"/> or below it (segment-wise: /reviewer is not under /review).</summary>
    private static bool IsUnder(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (path.Length == prefix.Length || path[prefix.Length] == '/');
}

/// <summary>
/// A route's access rule: open, any authenticated key, or a key with <see cref="Scope"/>; <see cref="SignsIn"/> for a
/// review page, which sends a browser without a session to the sign-in page instead of answering 401.
/// </summary>
public sealed record RouteAccess(bool RequiresKey, string? Scope, bool SignsIn = false)
{
    public static readonly RouteAccess Open = new(false, null);

    public static readonly RouteAccess Authenticated = new(true, null);

    public static RouteAccess Needs(string scope) => new(true, scope);

    public static RouteAccess Page(string scope) => new(true, scope, SignsIn: true);
}
