using static Investigator.WorldGen.Accounts.AccountCatalog;
using static Investigator.WorldGen.ScenarioClock;
using static Investigator.WorldGen.WorldFacts;

namespace Investigator.WorldGen.Logs;

/// <summary>The product defects: S8 (exports break on empty custom fields) and S9 (slow runs report).</summary>
internal sealed class DefectScenarioLogs(ScenarioContext world)
{
    /// <summary>
    /// Orbital's failing CSV exports after the deploy: the nightly job at 06:00 and people trying by
    /// hand, with the export and request ids its S8 ticket quotes.
    /// </summary>
    private static readonly IReadOnlyList<(DateTimeOffset At, string? Export, string? Request)> OrbitalFailures =
    [
        (Nov(11, 14, 12, 20), TicketEvidence.S8FirstManualExport, null),
        (Nov(11, 14, 15, 5), null, null),
        (Nov(11, 16, 35, 40), null, null),
        (Nov(11, 19, 3, 11), null, null),
        (Nov(11, 19, 4, 58), null, null),
        (Nov(12, 6, 0, 31), TicketEvidence.S8ScheduledExport, null),
        (Nov(12, 13, 22, 9), null, null),
        (Nov(12, 13, 25, 44), TicketEvidence.S8MorningRetryExport, TicketEvidence.S8MorningRetryRequest),
        (Nov(12, 14, 41, 2), null, null),
        (Nov(12, 17, 10, 37), TicketEvidence.S8CsvAgainExport, TicketEvidence.S8CsvAgainRequest),
        (Nov(13, 6, 0, 19), null, null),
        (Nov(13, 15, 8, 27), null, null),
        (Nov(13, 19, 30, 12), null, null),
        (Nov(14, 6, 0, 44), null, null),
        (Nov(15, 6, 0, 8), null, null),
    ];

    private Random Rng => world.Rng;

    public void Generate()
    {
        var orbital = world.Account(Orbital);
        foreach (var (at, export, request) in OrbitalFailures)
        {
            FailedExport(orbital, at.AddMilliseconds(Rng.Between(0, 999)), export, request);
        }

        // The same day's runs as JSON work: JSON does not go through the CSV writer.
        var json = Nov(12, 17, 4, 51);
        var jsonMs = Rng.Between(2_000, 3_500);
        var jsonRequest = Rng.RequestId();
        var jsonTrace = Rng.TraceId();
        world.Request(orbital, json.AddMilliseconds(jsonMs), Svc.Exports, "info", LogTemplates.ExportCompleted(TicketEvidence.S8JsonExport, 38_412, jsonMs), latency: jsonMs,
            requestId: jsonRequest, traceId: jsonTrace);
        world.Request(orbital, json.AddMilliseconds(jsonMs + 4), Svc.Api, "info", LogTemplates.Request("POST", "/v1/exports", 200, jsonMs + 4), 200, jsonMs + 4,
            requestId: jsonRequest, traceId: jsonTrace);

        var fernwood = world.Account(Fernwood);
        FailedExport(fernwood, Nov(12, 4, 23).AddMilliseconds(Rng.Between(0, 50_000)), null, null);
        FailedExport(fernwood, Nov(14, 3, 11).AddMilliseconds(Rng.Between(0, 50_000)), null, null);

        SlowReports();
    }

    private void FailedExport(Accounts.AccountPlan account, DateTimeOffset start, string? exportId, string? requestId)
    {
        var duration = Rng.Between(800, 4_000);
        var job = Rng.ExportId();
        requestId ??= Rng.RequestId();
        var traceId = Rng.TraceId();
        var end = start.AddMilliseconds(duration);
        world.Request(account, end, Svc.Exports, "error", LogTemplates.ExportFailed(exportId ?? job), 500, duration, "EXPORT_FAILED", requestId, traceId);
        world.Request(account, end.AddMilliseconds(3), Svc.Api, "error", LogTemplates.Request("POST", "/v1/exports", 500, duration + 3), 500, duration + 3, "EXPORT_FAILED", requestId, traceId);
    }

    /// <summary>
    /// S9: Summit's 3.2 M runs make the runs report query take 30-45 s; half the requests hit the 45 s
    /// limit, including the two whose request ids the ticket quotes (15:52 and 15:58 UTC).
    /// </summary>
    private void SlowReports()
    {
        const long rows = 3_200_000;
        var summit = world.Account(Summit);
        var starts = Enumerable.Range(0, 20).Select(_ => Rng.Moment(S9SlowReports.From, TimeSpan.FromMinutes(110))).Order().ToList();
        for (var i = 0; i < starts.Count; i++)
        {
            var requestId = Rng.RequestId();
            var traceId = Rng.TraceId();
            if (i % 2 == 1)
            {
                TimedOut(summit, starts[i], requestId, traceId);
                continue;
            }

            var ms = Rng.Between(30_000, 44_999);
            var total = ms + Rng.Between(150, 600);
            world.Request(summit, starts[i].AddMilliseconds(ms), Svc.Dashboard, "warn", LogTemplates.SlowQuery("runs_report", ms, rows), latency: ms, requestId: requestId, traceId: traceId);
            world.Request(summit, starts[i].AddMilliseconds(total), Svc.Dashboard, "info", LogTemplates.Request("GET", "/app/reports/runs", 200, total), 200, total, requestId: requestId, traceId: traceId);
        }

        TimedOut(summit, Nov(13, 15, 51, 14), TicketEvidence.S9First, Rng.TraceId());
        TimedOut(summit, Nov(13, 15, 57, 22), TicketEvidence.S9Second, Rng.TraceId());
    }

    private void TimedOut(Accounts.AccountPlan summit, DateTimeOffset start, string requestId, string traceId)
    {
        const long rows = 3_200_000;
        world.Request(summit, start.AddSeconds(45), Svc.Dashboard, "error", LogTemplates.QueryTimeout("runs_report", 45_000, rows), 504, 45_000, "QUERY_TIMEOUT", requestId, traceId);
        world.Request(summit, start.AddMilliseconds(45_012), Svc.Dashboard, "error", LogTemplates.Request("GET", "/app/reports/runs", 504, 45_012), 504, 45_012, "QUERY_TIMEOUT", requestId, traceId);
    }
}
