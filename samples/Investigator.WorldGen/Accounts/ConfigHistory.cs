using Investigator.Core.Sources;

namespace Investigator.WorldGen.Accounts;

/// <summary>
/// Derives an account's audit log from its entities (users joined, keys created and revoked, endpoints
/// added and changed) plus the extra changes, so the history and the current state always agree.
/// </summary>
internal static class ConfigHistory
{
    public static IReadOnlyList<ConfigChange> Derive(AccountPlan account)
    {
        var changes = new List<ConfigChange>();
        foreach (var user in account.Users.Skip(1))
        {
            changes.Add(new("", user.JoinedAt, account.OwnerId, $"users.{user.Id}.role", null, user.JoinedRole));
        }

        if (account.Sso.Enabled)
        {
            changes.Add(new("", account.CreatedAt.AddDays(21), account.OwnerId, "sso.enabled", "false", "true"));
        }

        foreach (var key in account.Keys)
        {
            changes.Add(new("", key.CreatedAt, account.ActorAt(key.CreatedAt), $"apiKeys.{key.Prefix}.status", null, "active"));
            if (key.RevokedAt is { } revokedAt)
            {
                changes.Add(new("", revokedAt, key.RevokedBy ?? account.ActorAt(revokedAt), $"apiKeys.{key.Prefix}.status", "active", "revoked"));
            }
        }

        foreach (var endpoint in account.Endpoints)
        {
            changes.Add(new("", endpoint.CreatedAt, endpoint.CreatedBy, $"webhookEndpoints.{endpoint.Id}.url", null, endpoint.PreviousUrl ?? endpoint.Url));
            if (endpoint.UrlChangedAt is { } changedAt)
            {
                changes.Add(new("", changedAt, endpoint.ChangedBy ?? account.ActorAt(changedAt), $"webhookEndpoints.{endpoint.Id}.url", endpoint.PreviousUrl, endpoint.Url));
            }

            if (endpoint.DisabledAt is { } disabledAt)
            {
                changes.Add(new("", disabledAt, "system", $"webhookEndpoints.{endpoint.Id}.status", "active", "disabled"));
            }
        }

        changes.AddRange(account.ExtraChanges);
        return changes
            .OrderBy(c => c.At)
            .ThenBy(c => c.Setting, StringComparer.Ordinal)
            .Select((c, i) => c with { Id = $"chg_{account.Spec.Number}_{i + 1:D2}" })
            .ToList();
    }
}
