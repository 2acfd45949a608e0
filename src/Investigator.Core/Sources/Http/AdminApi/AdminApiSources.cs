namespace Investigator.Core.Sources.Http.AdminApi;

/// <summary>
/// Accounts from the product's admin API: the account, then its users, keys, webhooks and recent
/// configuration changes in parallel. A 404 on the account means "no such account" (null), not an outage.
/// </summary>
public sealed class AdminApiAccountSource(IAdminApi api, AdminApiOptions options) : IAccountSource
{
    private const string Source = "accounts";
    private const int MaxPrefix = 16;

    public Task<Account?> GetAccountAsync(string accountId, CancellationToken cancellationToken) =>
        SourceCall.RunAsync(Source, () => LoadAsync(accountId, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<Account>> FindAccountsByEmailAsync(string email, CancellationToken cancellationToken) =>
        SourceCall.RunAsync<IReadOnlyList<Account>>(Source, async () =>
        {
            var matches = (await api.FindAccountsAsync(email, options.MaxCandidates, cancellationToken)).Data ?? [];
            var accounts = await Task.WhenAll(matches
                .Select(m => m.AccountId)
                .Distinct(StringComparer.Ordinal)
                .Take(options.MaxCandidates)
                .Select(id => LoadAsync(id, cancellationToken)));
            return accounts.OfType<Account>().ToList();
        }, cancellationToken);

    private async Task<Account?> LoadAsync(string accountId, CancellationToken cancellationToken)
    {
        AdminAccount account;
        try
        {
            account = await api.GetAccountAsync(accountId, cancellationToken);
        }
        catch (Exception ex) when (SourceCall.IsNotFound(ex))
        {
            return null;
        }

        var users = api.ListUsersAsync(account.Id, cancellationToken);
        var keys = api.ListApiKeysAsync(account.Id, cancellationToken);
        var webhooks = api.ListWebhookEndpointsAsync(account.Id, cancellationToken);
        var changes = api.ListConfigChangesAsync(account.Id, options.MaxConfigChanges, cancellationToken);
        await Task.WhenAll(users, keys, webhooks, changes);
        return new Account(account.Id, account.Name, account.Domain, account.Plan, account.Region, account.Status, account.CreatedAt,
            account.BusinessCriticality, account.AtRisk, account.Limits, account.Usage, account.Sso,
            (await users).Data ?? [], ((await keys).Data ?? []).Select(PrefixOnly).ToList(), (await webhooks).Data ?? [], (await changes).Data ?? []);
    }

    /// <summary>The contract allows a prefix of at most 16 characters: anything longer may be a whole key, so it is cut.</summary>
    private static ApiKey PrefixOnly(ApiKey key) =>
        key.Prefix.Length <= MaxPrefix ? key : key with { Prefix = key.Prefix[..MaxPrefix] };
}

/// <summary>Deploys of the product's services from the admin API.</summary>
public sealed class AdminApiDeploySource(IAdminApi api) : IDeploySource
{
    private const string Source = "deploys";

    public Task<IReadOnlyList<Deploy>> ListDeploysAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        SourceCall.RunAsync<IReadOnlyList<Deploy>>(Source, async () =>
            ((await api.ListDeploysAsync(from.ToUniversalTime(), to.ToUniversalTime(), cancellationToken)).Data ?? []).OrderBy(d => d.At).ToList(),
            cancellationToken);
}
