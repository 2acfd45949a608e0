using System.ComponentModel;
using Investigator.Core.Sources;
using Microsoft.SemanticKernel;

namespace Investigator.Core.Investigation.Tools;

/// <summary>Account state of the case's verified account: plan and usage, API keys, configuration history, webhooks.</summary>
public sealed class AccountPlugin(IAccountSource accounts, CaseScope scope)
{
    private const int MaxItems = 20;

    [KernelFunction("get_account_overview")]
    [Description("Gets the plan, region, limits and current usage of the customer's account.")]
    public async Task<AccountOverview> GetAccountOverviewAsync(CancellationToken cancellationToken = default)
    {
        var account = await LoadAsync(cancellationToken);
        var findings = new List<ToolFinding>
        {
            new("plan.rate_limit", "plan:rate-limit",
                $"Your {account.Plan} plan allows {account.Limits.ApiRequestsPerMinute} API requests per minute.",
                $"{account.Id} plan {account.Plan}: {account.Limits.ApiRequestsPerMinute} requests/min, {account.Limits.MonthlyWorkflowRuns} runs/month, retention {account.Limits.RunRetentionDays} days"),
        };
        var runs = account.Usage.WorkflowRunsThisMonth;
        var limit = account.Limits.MonthlyWorkflowRuns;
        if (runs >= limit)
        {
            findings.Add(new("plan.limit_reached", "plan:monthly-runs",
                $"Your account has used {runs:N0} of the {limit:N0} workflow runs included in the {account.Plan} plan this month.",
                $"usage {runs}/{limit} runs this month"));
        }
        else if (runs >= limit * 0.9)
        {
            findings.Add(new("plan.near_limit", "plan:monthly-runs",
                $"Your account has used {runs:N0} of {limit:N0} monthly workflow runs.", $"usage {runs}/{limit} runs this month"));
        }

        if (account.Limits.Seats > 0 && account.Usage.SeatsUsed >= account.Limits.Seats)
        {
            findings.Add(new("plan.seats_full", "plan:seats",
                $"All {account.Limits.Seats:N0} seats of your {account.Plan} plan are in use.",
                $"seats {account.Usage.SeatsUsed}/{account.Limits.Seats}"));
        }

        return new AccountOverview(account.Name, account.Plan, account.Region, account.Limits, account.Usage, account.Sso.Enabled,
            $"{account.Plan} plan in {account.Region}; {runs:N0}/{limit:N0} runs this month; {account.Usage.SeatsUsed}/{account.Limits.Seats} seats.", findings);
    }

    [KernelFunction("list_api_keys")]
    [Description("Lists the account's API keys (prefix, name, status, creation, expiry and revocation times). Never returns whole keys.")]
    public async Task<ApiKeysResult> ListApiKeysAsync(
        [Description("How many days back a revocation or expiry counts as recent.")] int daysBack = 14,
        [Description("The key prefix the customer named (fp_live_XXXX), to report that key's status; optional.")] string? prefix = null,
        CancellationToken cancellationToken = default)
    {
        var account = await LoadAsync(cancellationToken);
        var since = scope.ReportedAt.AddDays(-Math.Clamp(daysBack, 1, 90));
        var findings = new List<ToolFinding>();
        // The key the customer named gets its own finding unless the list below reports it anyway (revoked
        // or expired recently, the findings hypotheses are confirmed by).
        var named = string.IsNullOrWhiteSpace(prefix) ? null : account.ApiKeys.FirstOrDefault(k => string.Equals(k.Prefix, prefix.Trim(), StringComparison.Ordinal));
        if (!string.IsNullOrWhiteSpace(prefix) && (named is null || !(RecentlyRevoked(named, since) || RecentlyExpired(named, since))))
        {
            findings.Add(NamedKey(account, named, prefix.Trim()));
        }

        foreach (var key in account.ApiKeys)
        {
            if (RecentlyRevoked(key, since) && key.RevokedAt is { } revoked)
            {
                findings.Add(new("api_key.revoked", $"api_key:{key.Id}",
                    $"The API key {key.Prefix} (\"{key.Name}\") was revoked on {When.Format(revoked)} by a user of your account.",
                    $"key {key.Id} {key.Prefix} \"{key.Name}\" revoked {When.Format(revoked)} by {key.RevokedBy ?? "unknown"}", ObservedAt: revoked));
            }
            else if (RecentlyExpired(key, since) && key.ExpiresAt is { } expires)
            {
                findings.Add(new("api_key.expired", $"api_key:{key.Id}",
                    $"The API key {key.Prefix} (\"{key.Name}\") expired on {When.Format(expires)}.",
                    $"key {key.Id} {key.Prefix} \"{key.Name}\" expired {When.Format(expires)} (created {When.Format(key.CreatedAt)})", ObservedAt: expires));
            }
            else if (key != named && key.RevokedAt is null && key.ExpiresAt is { } expiring && expiring > scope.ReportedAt && expiring <= scope.ReportedAt.Add(ExpiringWithin))
            {
                findings.Add(new("api_key.expiring", $"api_key:{key.Id}",
                    $"The API key {key.Prefix} (\"{key.Name}\") expires on {When.Format(expiring)}.",
                    $"key {key.Id} {key.Prefix} \"{key.Name}\" active, expires {When.Format(expiring)} (created {When.Format(key.CreatedAt)})", ObservedAt: expiring));
            }
        }

        if (!account.ApiKeys.Any(k => RecentlyRevoked(k, since) || RecentlyExpired(k, since)))
        {
            findings.Add(new("api_key.none_recently_changed", $"api_keys:{account.Id}",
                "None of your API keys was revoked or expired recently.", $"no key revoked or expired since {When.Format(since)}"));
        }

        var views = account.ApiKeys.Take(MaxItems).Select(k => new ApiKeyView(k.Prefix, k.Name, k.Status, k.CreatedAt, k.ExpiresAt, k.RevokedAt)).ToList();
        return new ApiKeysResult(views, $"{account.ApiKeys.Count} keys: " + string.Join(", ", account.ApiKeys.GroupBy(k => k.Status).Select(g => $"{g.Count()} {g.Key}")), findings);
    }

    [KernelFunction("list_config_changes")]
    [Description("Lists configuration changes made on the account (settings, SSO, webhooks, roles, plan, retention), newest first.")]
    public async Task<ConfigChangesResult> ListConfigChangesAsync(
        [Description("How many days back to look.")] int daysBack = 14,
        [Description("Only settings whose name contains this text, for example 'sso' or 'webhook'. Empty for all.")] string? setting = null,
        CancellationToken cancellationToken = default)
    {
        var account = await LoadAsync(cancellationToken);
        var since = scope.ReportedAt.AddDays(-Math.Clamp(daysBack, 1, 90));
        var changes = account.ConfigChanges
            .Where(c => c.At >= since && c.At <= scope.ReportedAt)
            .Where(c => string.IsNullOrWhiteSpace(setting) || c.Setting.Contains(setting, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(c => c.At)
            .Take(MaxItems)
            .ToList();
        var findings = changes.Select(c => new ToolFinding(
            "config.changed:" + AreaOf(c.Setting), $"config:{c.Id}",
            $"On {When.Format(c.At)} {RoleOf(account, c.Actor)} of your account changed {c.Setting}{Describe(c)}.",
            $"{c.Id} {When.Format(c.At)} {c.Actor} {c.Setting}: {c.From ?? "(none)"} → {c.To ?? "(none)"}", ObservedAt: c.At)).ToList();
        if (findings.Count == 0)
        {
            var area = string.IsNullOrWhiteSpace(setting) ? "all" : AreaOf(setting);
            findings.Add(new($"config.unchanged:{area}", $"config:none:{account.Id}:{area}", "No configuration changes were made on your account in this period.",
                $"no changes since {When.Format(since)}{(string.IsNullOrWhiteSpace(setting) ? "" : $" matching '{setting}'")}"));
        }

        var views = changes.Select(c => new ConfigChangeView(c.Id, c.At, RoleOf(account, c.Actor), c.Setting, c.From, c.To)).ToList();
        return new ConfigChangesResult(views, $"{changes.Count} changes in {daysBack} days", findings);
    }

    [KernelFunction("list_webhook_endpoints")]
    [Description("Lists the account's webhook endpoints with their status and why a disabled one was disabled.")]
    public async Task<WebhookEndpointsResult> ListWebhookEndpointsAsync(CancellationToken cancellationToken = default)
    {
        var account = await LoadAsync(cancellationToken);
        var endpoints = account.WebhookEndpoints.Take(MaxItems).Select(e => new WebhookEndpointView(e.Id, e.Url, e.Status, e.DisabledReason, e.Events)).ToList();
        // Each endpoint is a finding, receiving or not; "active" and "enabled" both mean it receives deliveries.
        var findings = account.WebhookEndpoints.Take(MaxItems)
            .Select(e => Receives(e)
                ? new ToolFinding("webhook.endpoint_active", $"webhook:{e.Id}", $"Your webhook endpoint {e.Url} is {e.Status} and receives deliveries.",
                    $"{e.Id} {e.Url} status {e.Status}")
                : new ToolFinding("webhook.endpoint_disabled", $"webhook:{e.Id}",
                    $"Your webhook endpoint {e.Url} is {e.Status}{(e.DisabledReason is null ? "" : $" ({e.DisabledReason})")}.",
                    $"{e.Id} {e.Url} status {e.Status} reason {e.DisabledReason ?? "-"}"))
            .ToList();
        if (account.WebhookEndpoints.All(Receives))
        {
            findings.Add(new("webhook.endpoints_enabled", $"webhooks:{account.Id}", "All your webhook endpoints are enabled.", $"{endpoints.Count} endpoints, all enabled"));
        }

        return new WebhookEndpointsResult(endpoints, $"{endpoints.Count} endpoints", findings);
    }

    private static bool Receives(WebhookEndpoint endpoint) =>
        endpoint.Status.Equals("active", StringComparison.OrdinalIgnoreCase) || endpoint.Status.Equals("enabled", StringComparison.OrdinalIgnoreCase);

    [KernelFunction("get_run_retention")]
    [Description("Gets how many days the account's plan keeps run history; older runs are deleted every night.")]
    public async Task<RunRetentionResult> GetRunRetentionAsync(CancellationToken cancellationToken = default)
    {
        var account = await LoadAsync(cancellationToken);
        var days = account.Limits.RunRetentionDays;
        var oldest = scope.ReportedAt.AddDays(-days);
        return new RunRetentionResult(days, oldest, $"{account.Plan} plan: run history kept {days} days (runs since {When.Format(oldest)})",
        [
            new ToolFinding("plan.retention", "plan:retention",
                $"Your {account.Plan} plan keeps run history for {days} days; older runs are deleted every night, so on {When.Format(scope.ReportedAt)} the oldest runs kept were from {When.Format(oldest)}.",
                $"{account.Id} runRetentionDays {days}"),
        ]);
    }

    [KernelFunction("list_pending_invitations")]
    [Description("Lists the account's invitations that were sent and not accepted yet. With 'mentions', reports only the invited people the text names (by full name).")]
    public async Task<PendingInvitationsResult> ListPendingInvitationsAsync(
        [Description("Text naming the people asked about, for example the ticket's sentence; empty for every pending invitation.")] string? mentions = null,
        CancellationToken cancellationToken = default)
    {
        var account = await LoadAsync(cancellationToken);
        var pending = account.Users.Where(u => u.Status.Equals("invited", StringComparison.OrdinalIgnoreCase)).ToList();
        var asked = string.IsNullOrWhiteSpace(mentions)
            ? pending
            : pending.Where(u => u.Name.Length > 0 && mentions.Contains(u.Name, StringComparison.OrdinalIgnoreCase)).ToList();
        // Names only, never addresses: the invited person's e-mail is their personal data, not the requester's.
        var findings = asked.Take(MaxItems)
            .Select(u => new ToolFinding("user.invitation_pending", $"user:{u.Id}",
                $"The invitation for {u.Name} was sent and has not been accepted yet.", $"{u.Id} status {u.Status}, role {u.Role}"))
            .ToList();
        if (findings.Count == 0)
        {
            findings.Add(new ToolFinding("user.no_invitation_pending", $"users:{account.Id}:pending",
                mentions is null ? "Your account has no pending invitations." : "We found no pending invitation for the person you named.",
                $"{pending.Count} pending invitations, {asked.Count} named"));
        }

        return new PendingInvitationsResult(asked.Count, $"{pending.Count} pending invitations, {asked.Count} named", findings);
    }

    [KernelFunction("get_requester_access")]
    [Description("Gets the role and status of the user who opened the ticket.")]
    public async Task<RequesterAccessResult> GetRequesterAccessAsync(CancellationToken cancellationToken = default)
    {
        var account = await LoadAsync(cancellationToken);
        var user = account.Users.FirstOrDefault(u => u.Email.Equals(scope.RequesterEmail, StringComparison.OrdinalIgnoreCase));
        if (user is null)
        {
            return new RequesterAccessResult(null, null, "the requester is not a user of the account",
                [new("user.not_member", $"user:{account.Id}:requester", "The address you wrote from is not a user of your Flowpoint account.", "requester not among account users")]);
        }

        return new RequesterAccessResult(user.Role, user.Status, $"requester has role {user.Role} ({user.Status})",
            [new($"user.role:{user.Role}", $"user:{user.Id}", $"Your user currently has the {user.Role} role.", $"{user.Id} role {user.Role}, status {user.Status}")]);
    }

    /// <summary>How soon an active key's expiry is worth mentioning: the first expiry reminder goes out 14 days before.</summary>
    private static readonly TimeSpan ExpiringWithin = TimeSpan.FromDays(14);

    private bool RecentlyRevoked(ApiKey key, DateTimeOffset since) => key.RevokedAt is { } at && at >= since && at <= scope.ReportedAt;

    private bool RecentlyExpired(ApiKey key, DateTimeOffset since) =>
        key.RevokedAt is null && key.ExpiresAt is { } at && at >= since && at <= scope.ReportedAt;

    /// <summary>
    /// The status of the key the customer named, found by its prefix among this account's keys only: active
    /// (and until when), revoked or expired (before the recent window), or not a key of this account.
    /// </summary>
    private ToolFinding NamedKey(Account account, ApiKey? key, string prefix)
    {
        if (key is null)
        {
            return new ToolFinding("api_key.named_unknown", $"api_keys:{account.Id}:{prefix}",
                $"Your account has no API key with the prefix {prefix}.", $"no key {prefix} among {account.ApiKeys.Count} keys of {account.Id}");
        }

        var detail = $"key {key.Id} {key.Prefix} \"{key.Name}\" {key.Status}, created {When.Format(key.CreatedAt)}";
        if (key.RevokedAt is { } revoked && revoked <= scope.ReportedAt)
        {
            return new ToolFinding("api_key.named", $"api_key:{key.Id}",
                $"Your API key {key.Prefix} (\"{key.Name}\") was revoked on {When.Format(revoked)}.", $"{detail}, revoked {When.Format(revoked)} by {key.RevokedBy ?? "unknown"}", ObservedAt: revoked);
        }

        return key.ExpiresAt switch
        {
            { } expired when expired <= scope.ReportedAt => new ToolFinding("api_key.named", $"api_key:{key.Id}",
                $"Your API key {key.Prefix} (\"{key.Name}\") expired on {When.Format(expired)}.", $"{detail}, expired {When.Format(expired)}", ObservedAt: expired),
            { } expires => new ToolFinding("api_key.named", $"api_key:{key.Id}",
                $"Your API key {key.Prefix} (\"{key.Name}\") is active and expires on {When.Format(expires)}.", $"{detail}, expires {When.Format(expires)}"),
            null => new ToolFinding("api_key.named", $"api_key:{key.Id}",
                $"Your API key {key.Prefix} (\"{key.Name}\") is active and does not expire.", $"{detail}, no expiry"),
        };
    }

    private async Task<Account> LoadAsync(CancellationToken cancellationToken)
    {
        var id = scope.RequireAccount();
        return await accounts.GetAccountAsync(id, cancellationToken)
               ?? throw new InvalidOperationException($"Account {id} was not found in the account source.");
    }

    private static string AreaOf(string setting)
    {
        var s = setting.ToLowerInvariant();
        return s.Contains("sso", StringComparison.Ordinal) || s.Contains("saml", StringComparison.Ordinal) ? "sso"
            : s.Contains("webhook", StringComparison.Ordinal) ? "webhook"
            : s.Contains("role", StringComparison.Ordinal) || s.StartsWith("users", StringComparison.Ordinal) ? "role"
            : s.Contains("retention", StringComparison.Ordinal) ? "retention"
            : s.Contains("plan", StringComparison.Ordinal) ? "plan"
            : s.Contains("apikey", StringComparison.Ordinal) || s.Contains("api_key", StringComparison.Ordinal) ? "api_key"
            : "other";
    }

    private static string RoleOf(Account account, string actor)
    {
        var user = account.Users.FirstOrDefault(u => u.Email.Equals(actor, StringComparison.OrdinalIgnoreCase));
        return user is null ? "a user" : $"an {(user.Role is "owner" or "admin" ? user.Role : "user")}".Replace("an user", "a user", StringComparison.Ordinal);
    }

    private static string Describe(ConfigChange c) =>
        c.From is null && c.To is null ? "" :
        c.Setting.Contains("certificate", StringComparison.OrdinalIgnoreCase) ? " (a new certificate was uploaded)" :
        $" from {c.From ?? "(none)"} to {c.To ?? "(none)"}";
}
