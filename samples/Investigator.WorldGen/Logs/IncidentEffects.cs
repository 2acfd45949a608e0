using Investigator.WorldGen.Status;

namespace Investigator.WorldGen.Logs;

/// <summary>What the ordinary incidents do to ordinary traffic, so each incident is visible in the logs.</summary>
internal static class IncidentEffects
{
    public static bool DashboardDown(string region, DateTimeOffset t) =>
        IncidentCatalog.DashboardEuWest.Affects(Svc.Dashboard, region, t);

    public static bool DashboardSlow(string region, DateTimeOffset t) =>
        IncidentCatalog.DashboardApSoutheast.Affects(Svc.Dashboard, region, t);

    public static bool BillingDown(string region, DateTimeOffset t) =>
        IncidentCatalog.BillingUsEast.Affects(Svc.Billing, region, t);

    public static bool SsoDown(string region, DateTimeOffset t) =>
        IncidentCatalog.SsoUsEast.Affects(Svc.Auth, region, t);

    public static bool RunsDelayed(string region, DateTimeOffset t) =>
        IncidentCatalog.RunsApSoutheast.Affects(Svc.Engine, region, t);
}
