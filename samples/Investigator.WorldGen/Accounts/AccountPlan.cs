using Investigator.Core.Sources;

namespace Investigator.WorldGen.Accounts;

/// <summary>A user with the facts the records do not carry: when they joined and how they sign in.</summary>
internal sealed record UserPlan(
    string Id,
    string Name,
    string Email,
    string Role,
    string JoinedRole,
    string Status,
    DateTimeOffset JoinedAt,
    string LoginMethod,
    DateTimeOffset? LastLoginBeforeWindow);

/// <summary>A webhook endpoint with its history, so logs can tell which URL it had at a given time.</summary>
internal sealed record EndpointPlan(
    string Id,
    string Url,
    IReadOnlyList<string> Events,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    string? PreviousUrl = null,
    DateTimeOffset? UrlChangedAt = null,
    string? ChangedBy = null,
    DateTimeOffset? DisabledAt = null,
    string? DisabledReason = null)
{
    public string UrlAt(DateTimeOffset t) => PreviousUrl is not null && t < UrlChangedAt ? PreviousUrl : Url;

    public string HostAt(DateTimeOffset t) => new Uri(UrlAt(t)).Host;

    public bool ExistsAt(DateTimeOffset t) => CreatedAt <= t;

    public bool DisabledBy(DateTimeOffset t) => DisabledAt is { } at && at <= t;

    public WebhookEndpoint ToRecord() =>
        new(Id, Url, Events, DisabledAt is null ? "active" : "disabled", DisabledReason);
}

/// <summary>
/// One account while the world is built: the record's content plus what logs need (workflows, known
/// IP addresses, join dates). Filled by the account builders, then only read.
/// </summary>
internal sealed class AccountPlan(AccountSpec spec)
{
    public AccountSpec Spec { get; } = spec;

    public string Id => Spec.Id;

    public string Region => Spec.Region;

    public PlanTier Plan => Spec.Plan;

    public string Domain => Spec.Domain;

    public DateTimeOffset CreatedAt { get; set; }

    public PlanLimits Limits { get; set; } = PlanCatalog.Limits(spec.Plan);

    public SsoSettings Sso { get; set; } = new(false, null, false, null);

    public List<UserPlan> Users { get; } = [];

    public List<ApiKey> Keys { get; } = [];

    public List<EndpointPlan> Endpoints { get; } = [];

    /// <summary>Changes that no entity implies (plan, retention, SSO certificate, role changes).</summary>
    public List<ConfigChange> ExtraChanges { get; } = [];

    public List<string> Workflows { get; } = [];

    public List<string> KnownIps { get; } = [];

    public string OwnerId => Users[0].Id;

    /// <summary>Who made a routine change at <paramref name="t"/>: the admin once they had joined, else the owner.</summary>
    public string ActorAt(DateTimeOffset t) =>
        Users.FirstOrDefault(u => u.Role == "admin" && u.Status == "active" && u.JoinedAt <= t)?.Id ?? OwnerId;

    public IEnumerable<UserPlan> ActiveUsers => Users.Where(u => u.Status == "active");

    public string UserId(int n) => $"usr_{Spec.Number}_{n}";

    public IReadOnlyList<ApiKey> KeysActiveAt(DateTimeOffset t) =>
        Keys.Where(k => k.CreatedAt <= t && (k.RevokedAt is null || k.RevokedAt > t) && (k.ExpiresAt is null || k.ExpiresAt > t)).ToList();

    public Account ToAccount(IReadOnlyList<ConfigChange> changes, IReadOnlyDictionary<string, DateTimeOffset> lastLogins)
    {
        var users = Users
            .Select(u => new AccountUser(u.Id, u.Email, u.Name, u.Role, u.Status, lastLogins.TryGetValue(u.Id, out var at) ? at : u.LastLoginBeforeWindow))
            .ToList();
        var seatsUsed = Users.Count(u => u.Status != "deactivated");
        var usage = new AccountUsage(Spec.RunsThisMonth, seatsUsed, Endpoints.Count);
        return new Account(
            Id,
            Spec.Name,
            Domain,
            Plan,
            Region,
            "active",
            CreatedAt,
            PlanCatalog.Criticality(Plan),
            Spec.AtRisk,
            Limits,
            usage,
            Sso,
            users,
            Keys,
            Endpoints.Select(e => e.ToRecord()).ToList(),
            changes);
    }
}
