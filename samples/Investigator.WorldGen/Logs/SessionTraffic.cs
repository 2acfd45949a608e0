using Investigator.Core.Sources;
using Investigator.WorldGen.Accounts;

namespace Investigator.WorldGen.Logs;

/// <summary>People of one account signing in and browsing the dashboard.</summary>
internal sealed class SessionTraffic(AccountPlan account, LogBook book, Random rng)
{
    private static readonly IReadOnlyList<string> MemberPages =
        ["/app/workflows", "/app/workflows", "/app/workflows/{wf}", "/app/workflows/{wf}", "/app/runs", "/app/runs", "/app/runs/{run}", "/app/reports/runs"];

    private static readonly IReadOnlyList<string> AdminPages =
        ["/app/settings/api-keys", "/app/settings/webhooks", "/app/settings/users", "/app/billing"];

    public void Generate()
    {
        foreach (var user in account.ActiveUsers)
        {
            foreach (var day in TrafficShape.Days())
            {
                var weekend = TrafficShape.IsWeekend(account.Region, day.AddHours(12));
                var chance = weekend ? 0.08 : user.Role switch { "owner" or "admin" => 0.8, "viewer" => 0.4, _ => 0.7 };
                if (rng.Chance(chance))
                {
                    Session(user, TrafficShape.BusinessMoment(rng, account.Region, day));
                }
            }
        }
    }

    private void Session(UserPlan user, DateTimeOffset at)
    {
        var requestId = rng.RequestId();
        var traceId = rng.TraceId();
        var pages = rng.Between(2, 5);
        if (at < user.JoinedAt || (user.LoginMethod == "sso" && ScenarioRules.SsoBlocked(account, at)))
        {
            return;
        }

        if (user.LoginMethod == "sso" && IncidentEffects.SsoDown(account.Region, at))
        {
            book.Add(new LogEntry(at.AddMilliseconds(10_000), "error", Svc.Auth, account.Region, account.Id, requestId, traceId,
                LogTemplates.SsoMetadataTimeout(user.Id), 502, 10_004, "UPSTREAM_UNAVAILABLE"));
            return;
        }

        book.Add(new LogEntry(at, "info", Svc.Auth, account.Region, account.Id, requestId, traceId,
            LogTemplates.LoginSucceeded(user.Id, user.LoginMethod)));
        var t = at;
        for (var i = 0; i < pages; i++)
        {
            t = t.AddMilliseconds(rng.Between(4_000, 600_000));
            Page(user, t);
        }
    }

    private void Page(UserPlan user, DateTimeOffset at)
    {
        var admin = user.Role is "owner" or "admin";
        var template = admin && rng.Chance(0.25) ? rng.Pick(AdminPages) : rng.Pick(MemberPages);
        var path = template.Replace("{wf}", rng.Pick(account.Workflows), StringComparison.Ordinal)
            .Replace("{run}", rng.RunId(), StringComparison.Ordinal);
        var report = path == "/app/reports/runs";
        var latency = report ? rng.Between(600, 3_500) : rng.Between(80, 900);
        var requestId = rng.RequestId();
        var traceId = rng.TraceId();
        if (report && ScenarioRules.RunsReportBlocked(account, at))
        {
            return;
        }

        if (IncidentEffects.DashboardDown(account.Region, at) && rng.Chance(0.6))
        {
            book.Add(new LogEntry(at, "error", Svc.Dashboard, account.Region, account.Id, requestId, traceId,
                LogTemplates.Request("GET", path, 502, 30_001), 502, 30_001, "UPSTREAM_UNAVAILABLE"));
            return;
        }

        if (path == "/app/billing" && IncidentEffects.BillingDown(account.Region, at))
        {
            book.Add(new LogEntry(at, "error", Svc.Dashboard, account.Region, account.Id, requestId, traceId,
                LogTemplates.Request("GET", path, 503, 41), 503, 41, "UPSTREAM_UNAVAILABLE"));
            return;
        }

        if (IncidentEffects.DashboardSlow(account.Region, at))
        {
            latency *= 8;
        }

        book.Add(new LogEntry(at, "info", Svc.Dashboard, account.Region, account.Id, requestId, traceId,
            LogTemplates.Request("GET", path, 200, latency), 200, latency));
    }
}
