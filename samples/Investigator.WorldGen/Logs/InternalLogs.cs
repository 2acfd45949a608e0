using Investigator.Core.Sources;
using Investigator.WorldGen.Status;

namespace Investigator.WorldGen.Logs;

/// <summary>
/// Lines that belong to no account (health checks, pool and queue statistics, nightly jobs). Health
/// checks fail while an incident impairs their service and region.
/// </summary>
internal sealed class InternalLogs(LogBook book, Random rng)
{
    private static readonly IReadOnlyList<string> DatabaseServices = [Svc.Engine, Svc.Dashboard, Svc.Exports, Svc.Billing];

    public void Generate()
    {
        foreach (var hour in TrafficShape.Hours())
        {
            foreach (var service in WorldFacts.Services)
            {
                foreach (var region in WorldFacts.Regions)
                {
                    Health(service, region, rng.Moment(hour, TimeSpan.FromMinutes(2)), rng.Between(0, 1));
                    if (hour.Hour % 2 == 0 && DatabaseServices.Contains(service))
                    {
                        PoolStats(service, region, rng.Moment(hour.AddMinutes(30), TimeSpan.FromMinutes(2)));
                    }
                }
            }

            foreach (var region in WorldFacts.Regions)
            {
                var at = rng.Moment(hour.AddMinutes(15), TimeSpan.FromMinutes(2));
                Queue(region, at, busy: IncidentEffects.RunsDelayed(region, at));
            }
        }

        IncidentChecks();
        NightlyAggregation();
    }

    /// <summary>Extra health checks every five minutes inside each incident, so short incidents show too.</summary>
    private void IncidentChecks()
    {
        foreach (var incident in IncidentCatalog.All)
        {
            foreach (var service in incident.Services)
            {
                for (var t = incident.Impaired.From.AddMinutes(2); t < incident.Impaired.To; t = t.AddMinutes(5))
                {
                    Health(service, incident.Region, rng.Moment(t, TimeSpan.FromSeconds(30)), rng.Between(0, 1));
                    if (service == Svc.Engine)
                    {
                        Queue(incident.Region, rng.Moment(t.AddMinutes(2), TimeSpan.FromSeconds(30)), busy: true);
                    }
                }
            }
        }
    }

    private void Health(string service, string region, DateTimeOffset at, int pod)
    {
        var host = InternalHosts.Pod(service, region, pod);
        if (IncidentCatalog.AnyAffects(service, region, at))
        {
            var ms = rng.Between(2_900, 3_100);
            book.Add(new LogEntry(at, "error", service, region, null, null, null, LogTemplates.HealthFailed(host, 503, ms), 503, ms));
        }
        else
        {
            var ms = rng.Between(1, 12);
            book.Add(new LogEntry(at, "info", service, region, null, null, null, LogTemplates.HealthOk(host, ms), 200, ms));
        }
    }

    private void PoolStats(string service, string region, DateTimeOffset at)
    {
        var database = service switch { Svc.Engine => "runs", Svc.Billing => "billing", _ => "app" };
        var starved = IncidentEffects.DashboardSlow(region, at) && service == Svc.Dashboard;
        var active = starved ? 64 : rng.Between(4, 30);
        var idle = starved ? 0 : rng.Between(4, 24);
        var waiting = starved ? rng.Between(20, 60) : 0;
        book.Add(new LogEntry(at, starved ? "warn" : "info", service, region, null, null, null,
            LogTemplates.PoolStats(active, idle, waiting, InternalHosts.Database(database, region))));
    }

    private void Queue(string region, DateTimeOffset at, bool busy)
    {
        var depth = busy ? rng.Between(1_800, 4_200) : rng.Between(0, 40);
        var lag = busy ? rng.Between(60_000, 240_000) : rng.Between(40, 900);
        book.Add(new LogEntry(at, busy ? "warn" : "info", Svc.Engine, region, null, null, null,
            LogTemplates.QueueStats(depth, lag, InternalHosts.Pod(Svc.Engine, region, 0))));
    }

    private void NightlyAggregation()
    {
        foreach (var day in TrafficShape.Days())
        {
            var at = day.AddMinutes(30).AddMilliseconds(rng.Between(0, 60_000));
            book.Add(new LogEntry(at, "info", Svc.Billing, WorldFacts.UsEast, null, null, null,
                LogTemplates.UsageAggregation(Accounts.AccountCatalog.All.Count, rng.Between(2_100, 4_800))));
        }
    }
}
