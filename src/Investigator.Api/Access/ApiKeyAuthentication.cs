using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Investigator.Api.Access;

/// <summary>
/// Authenticates "Authorization: Bearer &lt;key&gt;" or "X-Api-Key: &lt;key&gt;" against <see cref="ApiKeys"/>:
/// the principal is the key's id with one "scope" claim per scope. The key itself is never logged.
/// </summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public const string ScopeClaim = "scope";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented(Request.Headers);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (keys.Find(presented) is not { } entry)
        {
            return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, entry.Id), .. entry.Scopes.Select(s => new Claim(ScopeClaim, s))], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>Whether the request carries a key in either header (then the key, not a review session cookie, authenticates it).</summary>
    internal static bool IsPresented(IHeaderDictionary headers) => Presented(headers) is not null;

    private static string? Presented(IHeaderDictionary headers)
    {
        if (headers.TryGetValue("X-Api-Key", out var header) && header.ToString() is { Length: > 0 } direct)
        {
            return direct.Trim();
        }

        var authorization = headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization[7..].Trim() is { Length: > 0 } bearer ? bearer : null;
    }
}
