using Refit;

namespace Investigator.Core.Sources.Http.AdminApi;

/// <summary>
/// The admin API contract (src/Investigator.Api/Contracts/admin-api.openapi.json). Every path here must
/// exist in that document; a test holds the two together.
/// </summary>
public interface IAdminApi
{
    [Get("/v1/accounts/{accountId}")]
    Task<AdminAccount> GetAccountAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>Accounts with a user of this address, or whose domain is the address's domain.</summary>
    [Get("/v1/accounts")]
    Task<DataList<AccountMatch>> FindAccountsAsync(string email, int limit, CancellationToken cancellationToken);

    [Get("/v1/accounts/{accountId}/users")]
    Task<DataList<AccountUser>> ListUsersAsync(string accountId, CancellationToken cancellationToken);

    [Get("/v1/accounts/{accountId}/api-keys")]
    Task<DataList<ApiKey>> ListApiKeysAsync(string accountId, CancellationToken cancellationToken);

    [Get("/v1/accounts/{accountId}/webhook-endpoints")]
    Task<DataList<WebhookEndpoint>> ListWebhookEndpointsAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    [Get("/v1/accounts/{accountId}/config-changes")]
    Task<DataList<ConfigChange>> ListConfigChangesAsync(string accountId, int limit, CancellationToken cancellationToken);

    [Get("/v1/deploys")]
    Task<DataList<Deploy>> ListDeploysAsync([Query(Format = "O")] DateTimeOffset from, [Query(Format = "O")] DateTimeOffset to, CancellationToken cancellationToken);
}

/// <summary>A list answer: <c>{"data": […]}</c>.</summary>
public sealed record DataList<T>(IReadOnlyList<T>? Data);

/// <summary>An account without its lists (users, keys, webhooks, changes), which have their own paths.</summary>
public sealed record AdminAccount(
    string Id,
    string Name,
    string Domain,
    PlanTier Plan,
    string Region,
    string Status,
    DateTimeOffset CreatedAt,
    string BusinessCriticality,
    bool AtRisk,
    PlanLimits Limits,
    AccountUsage Usage,
    SsoSettings Sso);

/// <summary>One account an e-mail address matches, and how: <c>user</c> or <c>domain</c>.</summary>
public sealed record AccountMatch(string AccountId, string MatchedBy);
