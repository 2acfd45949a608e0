using Investigator.Core.Sources;
using Investigator.WorldGen.Accounts;
using static Investigator.WorldGen.ScenarioClock;
using static Investigator.WorldGen.WorldFacts;

namespace Investigator.WorldGen.Logs;

/// <summary>
/// S1 and S2: the two incidents. Both hit every account of their region, which is how an incident
/// looks from one account's logs: the same error, at the same time, for its neighbours too.
/// </summary>
internal sealed class IncidentScenarioLogs(ScenarioContext world)
{
    /// <summary>Minutes after the first attempt at which attempts 1-5 start (exponential backoff).</summary>
    public static readonly IReadOnlyList<int> AttemptMinutes = [0, 1, 3, 11, 43];

    private Random Rng => world.Rng;

    public void Generate()
    {
        WebhookTimeouts();
        ApiUnavailable();
    }

    /// <summary>S1: every EU West endpoint times out from 13:35 to 15:10; retries after 15:10 succeed.</summary>
    private void WebhookTimeouts()
    {
        foreach (var account in world.Accounts.Where(a => a.Region == EuWest))
        {
            foreach (var endpoint in account.Endpoints.Where(e => e.ExistsAt(S1Timeouts.From)))
            {
                var everyEvent = endpoint.Events.Contains("run.completed");
                var t = Rng.Moment(S1Timeouts.From, TimeSpan.FromMinutes(3));
                while (t < S1Timeouts.To)
                {
                    Delivery(account, endpoint, t, everyEvent ? "run.completed" : "run.failed");
                    t = t.AddMilliseconds(everyEvent ? Rng.Between(120_000, 540_000) : Rng.Between(1_200_000, 2_700_000));
                }
            }
        }

        var pod = InternalHosts.Pod(Svc.Webhooks, EuWest, 0);
        for (var t = S1DeployAt; t < S1Timeouts.To.AddMinutes(10); t = t.AddMinutes(5))
        {
            var at = Rng.Moment(t, TimeSpan.FromSeconds(20));
            var saturated = at >= S1Timeouts.From && at < S1RollbackAt;
            var busy = saturated ? 512 : at < S1Timeouts.To && at >= S1RollbackAt ? Rng.Between(380, 500) : Rng.Between(20, 80);
            world.Internal(EuWest, at, Svc.Webhooks, saturated ? "error" : busy > 300 ? "warn" : "info", LogTemplates.WorkerPool(busy, 512, pod));
        }
    }

    private void Delivery(AccountPlan account, EndpointPlan endpoint, DateTimeOffset first, string evt)
    {
        var traceId = Rng.TraceId();
        var host = endpoint.HostAt(first);
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var start = first.AddMinutes(AttemptMinutes[attempt - 1]).AddMilliseconds(Rng.Between(0, 1_500));
            if (start.AddSeconds(30) < S1Timeouts.To)
            {
                world.Request(account, start.AddSeconds(30), Svc.Webhooks, attempt == 5 ? "error" : "warn",
                    LogTemplates.WebhookTimeout(host, attempt), latency: 30_000, code: "WEBHOOK_TIMEOUT", traceId: traceId);
                continue;
            }

            var latency = Rng.Between(80, 600);
            var status = endpoint.Id.EndsWith("_a", StringComparison.Ordinal) ? 200 : 204;
            world.Request(account, start.AddMilliseconds(latency), Svc.Webhooks, "info",
                LogTemplates.WebhookDelivered(host, status, latency, evt), status, latency, traceId: traceId);
            return;
        }
    }

    /// <summary>S2: the database behind the US East workflow engine fails over; the gateway answers 503.</summary>
    private void ApiUnavailable()
    {
        foreach (var account in world.Accounts.Where(a => a.Region == UsEast))
        {
            var perMinute = account.Plan switch { PlanTier.Enterprise => 3.0, PlanTier.Professional => 1.0, _ => 0.3 } * account.Spec.Activity;
            for (var minute = S2Errors.From; minute < S2Errors.To; minute = minute.AddMinutes(1))
            {
                var count = Rng.Poisson(perMinute);
                for (var i = 0; i < count; i++)
                {
                    var latency = Rng.Between(3_000, 3_900);
                    world.Request(account, Rng.Moment(minute, TimeSpan.FromMinutes(1)), Svc.Api, "error",
                        LogTemplates.UpstreamUnavailable(), 503, latency, "UPSTREAM_UNAVAILABLE");
                }
            }
        }

        // The three failed calls Northwind's S2 ticket quotes.
        var northwind = world.Account(Accounts.AccountCatalog.Northwind);
        foreach (var (at, requestId) in new[] { (Nov(9, 8, 12, 41), TicketEvidence.S2RunTrigger), (Nov(9, 8, 13, 2), TicketEvidence.S2RunList), (Nov(9, 8, 31, 18), TicketEvidence.S2FollowUp) })
        {
            world.Request(northwind, at.AddMilliseconds(Rng.Between(0, 999)), Svc.Api, "error", LogTemplates.UpstreamUnavailable(), 503, Rng.Between(3_000, 3_900), "UPSTREAM_UNAVAILABLE", requestId);
        }

        var primary = InternalHosts.Database("runs", UsEast, 1);
        for (var minute = S2Errors.From.AddMinutes(-1); minute < S2Errors.To; minute = minute.AddMinutes(1))
        {
            world.Internal(UsEast, Rng.Moment(minute, TimeSpan.FromSeconds(50)), Svc.Engine, "error", LogTemplates.DatabaseFailover(primary));
        }

        world.Internal(UsEast, S2Errors.To.AddMilliseconds(Rng.Between(1_000, 9_000)), Svc.Engine, "info",
            LogTemplates.DatabasePromoted(InternalHosts.Database("runs", UsEast, 2)));
        world.Internal(UsEast, S2Errors.To.AddMinutes(2).AddMilliseconds(Rng.Between(0, 20_000)), Svc.Engine, "info",
            LogTemplates.BacklogDrained(Rng.Between(380, 460)));
    }
}
