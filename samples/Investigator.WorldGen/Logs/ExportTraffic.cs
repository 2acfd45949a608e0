using Investigator.Core.Sources;
using Investigator.WorldGen.Accounts;

namespace Investigator.WorldGen.Logs;

/// <summary>
/// CSV exports of one account. Exports stream synchronously, so the API request's line is written when
/// the export has finished. Enterprise accounts also run a nightly scheduled export at 06:00 UTC, and
/// so does Alder &amp; Finch, whose daily ~1,500-row CSV its S13 ticket describes.
/// </summary>
internal sealed class ExportTraffic(AccountPlan account, LogBook book, Random rng)
{
    public void Generate()
    {
        var alderFinch = account.Id == AccountCatalog.AlderFinch;
        var perDay = alderFinch ? 0.1 : account.Plan switch { PlanTier.Enterprise => 2.5, PlanTier.Professional => 0.8, _ => 0.15 } * account.Spec.Activity;
        foreach (var day in TrafficShape.Days())
        {
            if (account.Plan == PlanTier.Enterprise || alderFinch)
            {
                Export(day.AddHours(6).AddMilliseconds(rng.Between(0, 90_000)), nightly: true);
            }

            var count = rng.Poisson(TrafficShape.IsWeekend(account.Region, day.AddHours(12)) ? perDay * 0.3 : perDay);
            for (var i = 0; i < count; i++)
            {
                Export(TrafficShape.BusinessMoment(rng, account.Region, day), nightly: false);
            }
        }
    }

    private void Export(DateTimeOffset start, bool nightly)
    {
        var maxRows = Math.Min(account.Limits.ExportRowsPerJob, account.Plan switch { PlanTier.Enterprise => 900_000, PlanTier.Professional => 200_000, _ => 10_000 });
        var rows = nightly && account.Id == AccountCatalog.AlderFinch ? rng.Between(1_350, 1_650) : rng.Between(Math.Min(300, maxRows), maxRows);
        var duration = 400 + (int)(rows / (double)rng.Between(15_000, 40_000) * 1000);
        var job = rng.ExportId();
        var requestId = rng.RequestId();
        var traceId = rng.TraceId();
        if (ScenarioRules.ExportsBlocked(account, start, nightly) || ScenarioRules.ApiBlocked(account, start))
        {
            return;
        }

        var end = start.AddMilliseconds(duration);
        book.Add(new LogEntry(end, "info", Svc.Exports, account.Region, account.Id, requestId, traceId,
            LogTemplates.ExportCompleted(job, rows, duration), LatencyMs: duration));
        book.Add(new LogEntry(end.AddMilliseconds(4), "info", Svc.Api, account.Region, account.Id, requestId, traceId,
            LogTemplates.Request("POST", "/v1/exports", 200, duration + 4), 200, duration + 4));
    }
}
