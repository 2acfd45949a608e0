namespace Investigator.Core.Sources;

/// <summary>Customer plan tiers, which drive priority and routing.</summary>
public enum PlanTier { Free, Professional, Enterprise }

/// <summary>An account as the product's admin API describes it.</summary>
public sealed record Account(
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
    SsoSettings Sso,
    IReadOnlyList<AccountUser> Users,
    IReadOnlyList<ApiKey> ApiKeys,
    IReadOnlyList<WebhookEndpoint> WebhookEndpoints,
    IReadOnlyList<ConfigChange> ConfigChanges);

public sealed record PlanLimits(
    int ApiRequestsPerMinute,
    long MonthlyWorkflowRuns,
    int Seats,
    int WebhookEndpoints,
    int ExportRowsPerJob,
    int RunRetentionDays);

public sealed record AccountUsage(long WorkflowRunsThisMonth, int SeatsUsed, int WebhookEndpoints);

public sealed record SsoSettings(bool Enabled, string? Provider, bool Enforced, DateTimeOffset? CertificateExpiresAt);

public sealed record AccountUser(
    string Id,
    string Email,
    string Name,
    string Role,
    string Status,
    DateTimeOffset? LastLoginAt);

/// <summary>An API key; only its prefix is ever stored or shown.</summary>
public sealed record ApiKey(
    string Id,
    string Prefix,
    string Name,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    string? RevokedBy,
    IReadOnlyList<string> Scopes);

public sealed record WebhookEndpoint(
    string Id,
    string Url,
    IReadOnlyList<string> Events,
    string Status,
    string? DisabledReason);

/// <summary>A change of an account's configuration, as recorded by the product's audit log.</summary>
public sealed record ConfigChange(
    string Id,
    DateTimeOffset At,
    string Actor,
    string Setting,
    string? From,
    string? To);

/// <summary>A deploy of one service of the product.</summary>
public sealed record Deploy(
    string Id,
    string Service,
    string Version,
    string Region,
    DateTimeOffset At,
    string Summary,
    string Author,
    DateTimeOffset? RolledBackAt);
