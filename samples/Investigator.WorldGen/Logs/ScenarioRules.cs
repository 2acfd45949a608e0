using Investigator.WorldGen.Accounts;
using static Investigator.WorldGen.Accounts.AccountCatalog;
using static Investigator.WorldGen.ScenarioClock;

namespace Investigator.WorldGen.Logs;

/// <summary>
/// Where ordinary traffic gives way to a scenario: the scenario generators write those lines, so the
/// background never contradicts them (no successful delivery in the middle of S1's timeouts, no API
/// success for an account whose only key expired).
/// </summary>
internal static class ScenarioRules
{
    public static bool ApiBlocked(AccountPlan account, DateTimeOffset t) =>
        (account.Region == WorldFacts.UsEast && S2Errors.Contains(t))
        || (account.Id == Tidepool && t >= S4ExpiredAt)
        || (account.Id == Pebble && S6Bursts.Contains(t));

    public static bool RunsBlocked(AccountPlan account, DateTimeOffset t) =>
        (account.Region == WorldFacts.UsEast && S2Errors.Contains(t))
        || (account.Id == Juniper && t >= S7QuotaReachedAt);

    public static bool DeliveryBlocked(AccountPlan account, EndpointPlan endpoint, DateTimeOffset t) =>
        (account.Region == WorldFacts.EuWest && S1Timeouts.Contains(t))
        || (endpoint.Id == ScenarioAccountFacts.LanternEndpoint && t >= S10ChangedAt && t < S10DisabledAt);

    /// <summary>S5: SSO is enforced at Kestrel, so after the certificate change nobody gets a session.</summary>
    public static bool SsoBlocked(AccountPlan account, DateTimeOffset t) => account.Id == Kestrel && t >= S5FailuresFrom;

    /// <summary>
    /// S8: Orbital's nightly CSV job includes an empty custom field, so it fails from the deploy on
    /// (its other exports still work). S18: Vantage exported nothing while its key was misused.
    /// </summary>
    public static bool ExportsBlocked(AccountPlan account, DateTimeOffset t, bool nightly) =>
        (account.Id == Orbital && nightly && t >= S8DeployAt)
        || (account.Id == Vantage && S18Misuse.Contains(t));

    public static bool RunsReportBlocked(AccountPlan account, DateTimeOffset t) => account.Id == Summit && S9SlowReports.Contains(t);

    public static int RetentionDays(AccountPlan account, DateTimeOffset t) => account.Id switch
    {
        Halcyon when t < S15ChangedAt => 365,
        Saffron when t < S14ChangedAt => 7,
        _ => account.Limits.RunRetentionDays,
    };

    public static bool PurgeBlocked(AccountPlan account, DateTimeOffset t) => account.Id == Halcyon && t.Date == S15PurgeAt.Date;

    /// <summary>Accounts that noise errors of a scenario's kind must leave alone, so a scenario's signal stays clean.</summary>
    public static bool KeepsAuthNoiseAway(AccountPlan account) => account.Id is Harbor or Tidepool or Vantage;
}
