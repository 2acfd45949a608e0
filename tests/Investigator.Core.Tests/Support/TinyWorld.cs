using Investigator.Core.Intake;
using Investigator.Core.Sources;
using Investigator.Core.Sources.Local;

namespace Investigator.Core.Tests.Support;

/// <summary>A hand-written world of two accounts, small enough to reason about in a test.</summary>
internal static class TinyWorld
{
    public static readonly DateTimeOffset Reported = new(2026, 11, 12, 9, 30, 0, TimeSpan.Zero);

    public static Account Harbor(IReadOnlyList<ApiKey>? keys = null, IReadOnlyList<ConfigChange>? changes = null) => new(
        "acc_2001", "Harbor Analytics", "harbor.example", PlanTier.Professional, "us-east", "active", Reported.AddYears(-1), "medium", false,
        new PlanLimits(600, 50_000, 25, 20, 250_000, 30), new AccountUsage(1200, 7, 1), new SsoSettings(false, null, false, null),
        [new AccountUser("usr_2001_1", "owner@harbor.example", "Olive Owner", "owner", "active", Reported.AddDays(-1)),
         new AccountUser("usr_2001_2", "priya@harbor.example", "Priya Raman", "member", "active", Reported.AddHours(-2))],
        keys ?? [new ApiKey("key_2001_a", "fp_live_Rk8d", "ci-pipeline", "revoked", Reported.AddDays(-60), null, Reported.AddHours(-17.5), "owner@harbor.example", ["workflows:write"]),
                 new ApiKey("key_2001_b", "fp_live_Ab12", "prod", "active", Reported.AddDays(-30), null, null, null, ["workflows:write"])],
        [],
        changes ?? [new ConfigChange("chg_1", Reported.AddHours(-17.5), "owner@harbor.example", "apiKeys.key_2001_a.status", "active", "revoked")]);

    public static Account Other() => Harbor() with
    {
        Id = "acc_2002", Name = "Other Co", Domain = "other.example",
        Users = [new AccountUser("usr_2002_1", "boss@other.example", "Bo Boss", "owner", "active", null)],
        ApiKeys = [], ConfigChanges = [],
    };

    public static IEnumerable<LogEntry> RevokedKeyLogs()
    {
        for (var i = 0; i < 40; i++)
        {
            yield return new LogEntry(Reported.AddHours(-17).AddMinutes(i * 20), "error", "api-gateway", "us-east", "acc_2001", $"req_{i:x16}", null,
                "authentication failed: api key fp_live_Rk8d revoked", 401, 12, "AUTH_KEY_REVOKED");
        }

        // Another tenant's lines in the same window must never reach acc_2001's tools.
        for (var i = 0; i < 10; i++)
        {
            yield return new LogEntry(Reported.AddHours(-3).AddMinutes(i), "error", "api-gateway", "us-east", "acc_2002", $"req_{i + 100:x16}", null,
                "secret-other-tenant-line", 500, 30, "UPSTREAM_UNAVAILABLE");
        }
    }

    public static LocalWorld Create(IEnumerable<LogEntry>? logs = null, IReadOnlyList<StatusIncident>? incidents = null, IReadOnlyList<Account>? accounts = null) =>
        LocalWorld.Create(Path.GetTempPath(), accounts ?? [Harbor(), Other()], [], incidents ?? [], logs ?? RevokedKeyLogs());

    public static Ticket Ticket(string subject, string body, string email = "priya@harbor.example", DateTimeOffset? at = null) => new()
    {
        Subject = subject,
        Body = body,
        Requester = new Requester(email, "Priya Raman"),
        CreatedAt = at ?? Reported,
    };
}
