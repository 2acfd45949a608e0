using Investigator.Core.Sources;
using Investigator.WorldGen.Accounts;
using Investigator.WorldGen.Status;

namespace Investigator.WorldGen.Logs;

/// <summary>
/// Customer-facing lines of the five ordinary incidents. Ordinary traffic alone is too sparse to show a
/// 35-minute incident, so every account of the region gets a few affected requests inside it.
/// </summary>
internal sealed class OrdinaryIncidentLogs(ScenarioContext world)
{
    private Random Rng => world.Rng;

    public void Generate()
    {
        Affected(IncidentCatalog.DashboardEuWest, 0.25, (account, at) =>
            world.Request(account, at, Svc.Dashboard, "error", LogTemplates.Request("GET", Page(account), 502, 30_001), 502, 30_001, "UPSTREAM_UNAVAILABLE"));

        Affected(IncidentCatalog.DashboardApSoutheast, 0.25, (account, at) =>
        {
            var latency = Rng.Between(3_500, 9_000);
            world.Request(account, at, Svc.Dashboard, "warn", LogTemplates.Request("GET", Page(account), 200, latency), 200, latency);
        });

        Affected(IncidentCatalog.BillingUsEast, 0.1, (account, at) =>
        {
            var requestId = Rng.RequestId();
            var traceId = Rng.TraceId();
            var latency = Rng.Between(900, 1_400);
            world.Request(account, at, Svc.Billing, "error", LogTemplates.Request("POST", "/v1/billing/portal-session", 503, latency), 503, latency, "UPSTREAM_UNAVAILABLE", requestId, traceId);
            world.Request(account, at.AddMilliseconds(latency + 6), Svc.Dashboard, "error", LogTemplates.Request("GET", "/app/billing", 503, latency + 6), 503, latency + 6, "UPSTREAM_UNAVAILABLE", requestId, traceId);
        });

        Affected(IncidentCatalog.SsoUsEast, 0.3, (account, at) =>
        {
            var user = account.ActiveUsers.Where(u => u.LoginMethod == "sso").Select(u => u.Id).ToList();
            if (user.Count > 0)
            {
                world.Request(account, at, Svc.Auth, "error", LogTemplates.SsoMetadataTimeout(Rng.Pick(user)), 502, 10_004, "UPSTREAM_UNAVAILABLE");
            }
        });
    }

    /// <summary>Affected requests per minute: Enterprise accounts are busiest.</summary>
    private void Affected(IncidentSpec incident, double perMinute, Action<AccountPlan, DateTimeOffset> write)
    {
        foreach (var account in world.Accounts.Where(a => a.Region == incident.Region))
        {
            var rate = perMinute * (account.Plan == PlanTier.Enterprise ? 1.0 : account.Plan == PlanTier.Professional ? 0.5 : 0.2);
            var minutes = (int)(incident.Impaired.To - incident.Impaired.From).TotalMinutes;
            var count = Rng.Poisson(rate * minutes);
            for (var i = 0; i < count; i++)
            {
                write(account, Rng.Moment(incident.Impaired.From, incident.Impaired.To - incident.Impaired.From));
            }
        }
    }

    private string Page(AccountPlan account) => Rng.Next(3) switch
    {
        0 => "/app/workflows",
        1 => $"/app/workflows/{Rng.Pick(account.Workflows)}",
        _ => "/app/runs",
    };
}
