using Investigator.Core.Sources;
using static Investigator.WorldGen.Accounts.AccountCatalog;
using static Investigator.WorldGen.ScenarioClock;
using static Investigator.WorldGen.WorldFacts;

namespace Investigator.WorldGen.Accounts;

/// <summary>The account-side facts of the scenarios (keys, endpoints, SSO, plan and role changes).</summary>
internal static class ScenarioAccountFacts
{
    public const string RevokedKey = "fp_live_Rk8d";
    public const string ExpiredKey = "fp_live_Xp3m";
    public const string LeakedKey = "fp_live_Vq7n";
    public const string LanternEndpoint = "whe_1008_a";
    public const string LanternOldUrl = "https://hooks.lantern.example/flowpoint";
    public const string LanternNewUrl = "https://hooks.lantern.example/flowpoint-v2";
    public const string KestrelOldCertificate = "fingerprint 7A:3C:91:0E (expires 2027-01-31)";
    public const string KestrelNewCertificate = "fingerprint D2:58:6B:F4 (expires 2029-11-09)";

    public const string BrightlineUrl = "https://orders.brightline-foods.example/integrations/flowpoint/webhook";

    public static readonly IReadOnlyList<string> ReservedPrefixes = [RevokedKey, ExpiredKey, LeakedKey];

    /// <summary>
    /// The people who wrote the demo tickets, as users of their accounts (1-based position, name, role;
    /// a null role keeps the roster's rule). The users who made the scenarios' changes are other people.
    /// </summary>
    public static IReadOnlyList<(int Position, string Name, string? Role)> People(string accountId) => accountId switch
    {
        Northwind => [(2, "Marcus Oyelaran", null)],
        Summit => [(3, "Grace Okafor", "member")],
        Kestrel => [(4, "Hannah Berger", "member")],
        Brightline => [(2, "Sofie Vermeulen", null)],
        Orbital => [(3, "Rafael Mendes", "member")],
        Halcyon => [(1, "Charlotte Dubois", null)],
        Harbor => [(3, "Priya Raman", "member")],
        Lantern => [(1, "Noah Fischer", null), (3, "Ava Lindqvist", "member")],
        AlderFinch => [(3, "Oliver Grant", "member")],
        Juniper => [(1, "Elin Johansson", null)],
        Quokka => [(3, "Minh Nguyen", "admin")],
        Tidepool => [(1, "Daniel Koh", null)],
        Copperleaf => [(2, "Isabel Moreau", null)],
        Saffron => [(2, "Arjun Mehta", null)],
        Pebble => [(1, "Tom Whitfield", null)],
        Marlow => [(3, "Eleanor Hayes", "member")],
        Vantage => [(2, "Kenji Watanabe", null)],
        _ => [],
    };

    /// <summary>Workflows the tickets name, next to the generated ids.</summary>
    public static IReadOnlyList<string> NamedWorkflows(string accountId) => accountId switch
    {
        Northwind => [TicketEvidence.S2Workflow],
        Harbor => [TicketEvidence.S3Workflow],
        _ => [],
    };

    /// <summary>True when the scenario decides the account's keys entirely.</summary>
    public static bool OwnsKeys(string accountId) => accountId is Harbor or Tidepool or Vantage or Copperleaf;

    public static void ApplyBeforeEntities(AccountPlan account)
    {
        switch (account.Id)
        {
            case Halcyon:
                // S15: the current retention is the one their admin set; the plan default was 365.
                account.Limits = account.Limits with { RunRetentionDays = 7 };
                break;
        }
    }

    public static void Apply(AccountPlan account, KeyRing keys)
    {
        switch (account.Id)
        {
            case Kestrel:
                // S5: their IT admin uploaded a certificate their IdP does not sign with.
                account.Sso = new SsoSettings(true, "azure-ad", true, new DateTimeOffset(2029, 11, 9, 0, 0, 0, TimeSpan.Zero));
                account.ExtraChanges.Add(Change(S5ChangedAt, account.UserId(2), "sso.idpCertificate", KestrelOldCertificate, KestrelNewCertificate));
                break;
            case Harbor:
                account.Keys.Add(KeyRing.Key(keys.NewPrefix(), "production", new DateTimeOffset(2024, 2, 20, 17, 3, 51, TimeSpan.Zero), null, null, null, KeyRing.FullScopes));
                account.Keys.Add(KeyRing.Key(RevokedKey, "ci-pipeline", new DateTimeOffset(2025, 3, 4, 15, 20, 11, TimeSpan.Zero), null, S3RevokedAt, account.UserId(2), KeyRing.RunScopes));
                break;
            case Tidepool:
                var previous = new DateTimeOffset(2026, 5, 16, 3, 5, 44, TimeSpan.Zero);
                var current = new DateTimeOffset(2026, 8, 14, 22, 17, 9, TimeSpan.Zero);
                account.Keys.Add(KeyRing.Key(keys.NewPrefix(), "mobile-backend-q2", previous, KeyRing.FreeExpiry(previous), null, null, KeyRing.FullScopes));
                account.Keys.Add(KeyRing.Key(ExpiredKey, "mobile-backend", current, KeyRing.FreeExpiry(current), null, null, KeyRing.FullScopes));
                break;
            case Vantage:
                account.Keys.Add(KeyRing.Key(keys.NewPrefix(), "production", new DateTimeOffset(2023, 8, 2, 9, 12, 40, TimeSpan.Zero), null, null, null, KeyRing.FullScopes));
                // S18: the fleet-control service's key, which a contractor pushed to a public repository.
                account.Keys.Add(KeyRing.Key(LeakedKey, "fleet-control", new DateTimeOffset(2025, 2, 10, 7, 44, 3, TimeSpan.Zero), null, null, null, KeyRing.FullScopes));
                break;
            case Copperleaf:
                // S12: three services share one key; that is what they want to rotate.
                account.Keys.Add(KeyRing.Key(keys.NewPrefix(), "production", new DateTimeOffset(2024, 5, 6, 11, 40, 2, TimeSpan.Zero), null, null, null, KeyRing.FullScopes));
                break;
            case Brightline:
                account.Endpoints[0] = account.Endpoints[0] with { Url = BrightlineUrl };
                break;
            case Lantern:
                // S10: the endpoint's path was changed to one the customer's server does not serve.
                var endpoint = account.Endpoints[0];
                account.Endpoints[0] = endpoint with
                {
                    Url = LanternNewUrl,
                    PreviousUrl = LanternOldUrl,
                    UrlChangedAt = S10ChangedAt,
                    ChangedBy = account.UserId(2),
                    DisabledAt = S10DisabledAt,
                    DisabledReason = "disabled automatically after 100 consecutive failed deliveries",
                };
                break;
            case Quokka:
                var demoted = account.Users[2];
                account.Users[2] = demoted with { Role = "viewer", JoinedRole = "admin" };
                account.ExtraChanges.Add(Change(S11ChangedAt, account.OwnerId, $"users.{demoted.Id}.role", "admin", "viewer"));
                break;
            case Saffron:
                account.ExtraChanges.Add(Change(S14ChangedAt, account.OwnerId, "plan", "Free", "Professional"));
                break;
            case Halcyon:
                account.ExtraChanges.Add(Change(S15ChangedAt, account.UserId(2), "runRetentionDays", "365", "7"));
                break;
        }
    }

    private static ConfigChange Change(DateTimeOffset at, string actor, string setting, string? from, string? to) =>
        new("", at, actor, setting, from, to);

    /// <summary>The Enterprise SSO defaults for accounts that no scenario touches.</summary>
    public static SsoSettings DefaultSso(Random rng)
    {
        IReadOnlyList<string> providers = ["okta", "azure-ad", "google-workspace", "onelogin"];
        var expires = rng.MomentBetween(Nov(1, 0, 0).AddDays(120), Nov(1, 0, 0).AddDays(700));
        return new SsoSettings(true, rng.Pick(providers), rng.Chance(0.8), expires);
    }
}
