using static Investigator.WorldGen.Accounts.AccountCatalog;
using static Investigator.WorldGen.ScenarioClock;
using static Investigator.WorldGen.WorldFacts;

namespace Investigator.WorldGen.Logs;

/// <summary>The scenarios where the product does what the plan or the settings say: S6, S7, S14, S15.</summary>
internal sealed class UsageScenarioLogs(ScenarioContext world)
{
    /// <summary>Minutes after 10:00 in which Pebble's sync script runs flat out.</summary>
    private static readonly HashSet<int> BurstMinutes = [0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 18, 19, 20, 21, 22, 26, 27, 28, 29];

    private Random Rng => world.Rng;

    public void Generate()
    {
        RateLimit();
        Quota();
        Proration();
        Retention();
    }

    /// <summary>S6: 60 requests a minute pass, the rest get 429.</summary>
    private void RateLimit()
    {
        var pebble = world.Account(Pebble);
        var limit = pebble.Limits.ApiRequestsPerMinute;
        for (var minute = 0; minute < 30; minute++)
        {
            var start = S6Bursts.From.AddMinutes(minute);
            var burst = BurstMinutes.Contains(minute);
            var total = burst ? Rng.Between(75, 110) : Rng.Between(3, 12);
            var offsets = Enumerable.Range(0, total).Select(_ => Rng.Between(0, 59_999)).Order().ToList();
            for (var i = 0; i < total; i++)
            {
                var at = start.AddMilliseconds(offsets[i]);
                if (i < limit)
                {
                    var latency = Rng.Between(15, 90);
                    // The script pages through the run list and fetches every run's details.
                    var path = Rng.Chance(0.85) ? $"/v1/runs/{Rng.RunId()}" : $"/v1/runs?page={Rng.Between(1, 12)}&limit=50";
                    world.Request(pebble, at, Svc.Api, "info", LogTemplates.Request("GET", path, 200, latency), 200, latency);
                }
                else
                {
                    // The 429 Tom pasted into his S6 ticket.
                    var requestId = minute == 20 && i == limit ? TicketEvidence.S6Request : null;
                    world.Request(pebble, at, Svc.Api, "warn", LogTemplates.RateLimited(limit, "Free"), 429, Rng.Between(1, 3), "RATE_LIMITED", requestId);
                }
            }
        }
    }

    /// <summary>S7: the Free plan's 1,000 runs are used up; every further run is rejected.</summary>
    private void Quota()
    {
        var juniper = world.Account(Juniper);
        var limit = juniper.Limits.MonthlyWorkflowRuns;
        world.Job(juniper, Nov(11, 14, 37, 21), Svc.Engine, "info", LogTemplates.QuotaThreshold(80, limit * 8 / 10, limit, "Free"));
        world.Job(juniper, S7QuotaReachedAt.AddMilliseconds(184), Svc.Engine, "warn", LogTemplates.QuotaThreshold(100, limit, limit, "Free"), "QUOTA_EXCEEDED");
        var at = S7QuotaReachedAt.AddMilliseconds(Rng.Between(20_000, 300_000));
        while (at < WindowTo)
        {
            var requestId = Rng.RequestId();
            var traceId = Rng.TraceId();
            if (Rng.Chance(0.5))
            {
                var latency = Rng.Between(20, 60);
                world.Request(juniper, at, Svc.Api, "warn", LogTemplates.Request("POST", $"/v1/workflows/{Rng.Pick(juniper.Workflows)}/runs", 402, latency),
                    402, latency, "QUOTA_EXCEEDED", requestId, traceId);
            }

            world.Request(juniper, at.AddMilliseconds(-8), Svc.Engine, "warn", LogTemplates.QuotaRejected(limit, limit), 402, code: "QUOTA_EXCEEDED",
                requestId: requestId, traceId: traceId);
            at = at.Add(world.Gap(juniper.Region, at, (6, 15), (25, 60)));
        }
    }

    /// <summary>S14: the upgrade from Free to Professional is invoiced pro rata for the rest of November.</summary>
    private void Proration()
    {
        var saffron = world.Account(Saffron);
        var requestId = Rng.RequestId();
        var traceId = Rng.TraceId();
        var invoice = AccountHousekeeping.InvoiceId(5, TicketEvidence.S14ProrationInvoiceNumber);
        const string period = "2026-11-05..2026-11-30";
        var amount = Math.Round(490m * 26 / 30, 2);
        world.Request(saffron, S14ChangedAt.AddMilliseconds(402), Svc.Billing, "info", LogTemplates.PlanChanged("Free", "Professional", saffron.OwnerId),
            requestId: requestId, traceId: traceId);
        world.Request(saffron, S14ChangedAt.AddMilliseconds(1_210), Svc.Billing, "info", LogTemplates.InvoiceIssued(invoice, $"proration Professional {period}", amount),
            requestId: requestId, traceId: traceId);
        world.Request(saffron, S14ChangedAt.AddMilliseconds(6_830), Svc.Billing, "info", LogTemplates.InvoiceSettled(invoice, amount, "Professional", period),
            requestId: requestId, traceId: traceId);
    }

    /// <summary>S15: retention cut from 365 to 7 days; the nightly purge then deletes a year of runs.</summary>
    private void Retention()
    {
        var halcyon = world.Account(Halcyon);
        world.Request(halcyon, S15ChangedAt.AddMilliseconds(388), Svc.Engine, "info", LogTemplates.RetentionChanged(365, 7, halcyon.UserId(2)));
        // warn: the first purge after a retention cut deletes far more than a night's worth.
        world.Job(halcyon, S15PurgeAt.AddMilliseconds(37_214), Svc.Engine, "warn", LogTemplates.RetentionPurge(18_442, 7));
    }
}
