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
}

/// <summary>A route's access rule: open, any authenticated key, or a key with <see cref="Scope"/>.</summary>
public sealed record RouteAccess(bool RequiresKey, string? Scope)
{
    public static readonly RouteAccess Open = new(false, null);

    public static readonly RouteAccess Authenticated = new(true, null);

    public static RouteAccess Needs(string scope) => new(true, scope);
}
