using Investigator.WorldGen.Accounts;
using static Investigator.WorldGen.Accounts.ScenarioAccountFacts;
using static Investigator.WorldGen.ScenarioClock;

namespace Investigator.WorldGen.Logs;

/// <summary>S10: after the URL change every delivery gets 404; the 100th consecutive failure disables the endpoint.</summary>
internal sealed class WebhookScenarioLogs(ScenarioContext world)
{
    private const int Deliveries = 100;

    private Random Rng => world.Rng;

    public void Generate()
    {
        var lantern = world.Account(AccountCatalog.Lantern);
        world.Request(lantern, S10ChangedAt.AddMilliseconds(611), Svc.Webhooks, "info", LogTemplates.WebhookUrlChanged(LanternEndpoint, LanternNewUrl));
        var host = new Uri(LanternNewUrl).Host;
        var lastAttempt = IncidentScenarioLogs.AttemptMinutes[^1];
        // The last delivery's fifth attempt fails just before the disable at 18:00.
        var first = S10ChangedAt.AddMinutes(2);
        var last = S10DisabledAt.AddMinutes(-lastAttempt).AddSeconds(-5);
        var spacing = (last - first) / (Deliveries - 1);
        for (var i = 0; i < Deliveries; i++)
        {
            var start = i == Deliveries - 1 ? last : first + (spacing * i) + TimeSpan.FromMilliseconds(Rng.Between(0, 240_000));
            var traceId = Rng.TraceId();
            for (var attempt = 1; attempt <= 5; attempt++)
            {
                var latency = Rng.Between(40, 200);
                var at = start.AddMinutes(IncidentScenarioLogs.AttemptMinutes[attempt - 1]).AddMilliseconds(latency);
                world.Request(lantern, at, Svc.Webhooks, attempt == 5 ? "error" : "warn", LogTemplates.WebhookHttpError(host, 404, "Not Found", attempt),
                    404, latency, "WEBHOOK_HTTP_ERROR", traceId: traceId);
            }
        }

        world.Job(lantern, S10DisabledAt, Svc.Webhooks, "error", LogTemplates.WebhookDisabled(LanternEndpoint, Deliveries), "WEBHOOK_HTTP_ERROR");
    }
}
