using Investigator.Core.Sources;

namespace Investigator.WorldGen.Accounts;

/// <summary>Invents API keys. Free-plan keys expire 90 days after creation, at the next midnight.</summary>
internal sealed class KeyRing(Random rng, HashSet<string> usedPrefixes)
{
    private static readonly IReadOnlyList<string> SecondKeyNames =
        ["staging", "data-sync", "zapier-bridge", "reporting", "mobile-backend", "partner-portal"];

    public static readonly IReadOnlyList<string> FullScopes = ["workflows:read", "workflows:write", "runs:read", "runs:write"];
    public static readonly IReadOnlyList<string> RunScopes = ["workflows:read", "runs:read", "runs:write"];
    public static readonly IReadOnlyList<string> ReadScopes = ["workflows:read", "runs:read", "exports:read"];

    public string NewPrefix()
    {
        string prefix;
        do
        {
            prefix = "fp_live_" + rng.Chars(RandomExtensions.Alphanumeric, 4);
        }
        while (!usedPrefixes.Add(prefix));

        return prefix;
    }

    public static DateTimeOffset FreeExpiry(DateTimeOffset createdAt) =>
        new(createdAt.AddDays(90).UtcDateTime.Date.AddDays(1), TimeSpan.Zero);

    /// <summary>A key; its status is the one at the end of the window.</summary>
    public static ApiKey Key(string prefix, string name, DateTimeOffset createdAt, DateTimeOffset? expiresAt, DateTimeOffset? revokedAt, string? revokedBy, IReadOnlyList<string> scopes)
    {
        var status = revokedAt is not null ? "revoked" : expiresAt is { } e && e <= WorldFacts.WindowTo ? "expired" : "active";
        return new ApiKey("", prefix, name, status, createdAt, expiresAt, revokedAt, revokedBy, scopes);
    }

    /// <summary>The ordinary key set: a production key, sometimes a second one and some retired keys.</summary>
    public void Fill(AccountPlan account)
    {
        var free = account.Plan == PlanTier.Free || account.Id == AccountCatalog.Saffron;
        var activeFrom = free ? Max(account.CreatedAt, WorldFacts.Nov(1, 0, 0).AddDays(-72)) : account.CreatedAt;
        var activeTo = free ? WorldFacts.Nov(1, 0, 0).AddDays(-12) : AccountGenerator.HistoryEnd;
        account.Keys.Add(Active("production", rng.MomentBetween(activeFrom, activeTo), free, FullScopes));
        if (rng.Chance(free ? 0.3 : 0.55))
        {
            account.Keys.Add(Active(rng.Pick(SecondKeyNames), rng.MomentBetween(activeFrom, activeTo), free, RunScopes));
        }

        if (rng.Chance(0.45) && account.CreatedAt < WorldFacts.Nov(1, 0, 0).AddDays(-150))
        {
            var created = rng.MomentBetween(account.CreatedAt, account.CreatedAt.AddDays(120));
            var revoked = rng.MomentBetween(created.AddDays(20), AccountGenerator.HistoryEnd);
            account.Keys.Add(Key(NewPrefix(), "production-old", created, free ? FreeExpiry(created) : null, revoked, account.ActorAt(revoked), FullScopes));
        }

        if (!free && rng.Chance(0.35) && account.CreatedAt < WorldFacts.Nov(1, 0, 0).AddDays(-400))
        {
            var created = rng.MomentBetween(account.CreatedAt, WorldFacts.Nov(1, 0, 0).AddDays(-400));
            account.Keys.Add(Key(NewPrefix(), "contractor-access", created, created.AddDays(365), null, null, ReadScopes));
        }
    }

    private ApiKey Active(string name, DateTimeOffset createdAt, bool free, IReadOnlyList<string> scopes) =>
        Key(NewPrefix(), name, createdAt, free ? FreeExpiry(createdAt) : null, null, null, scopes);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
