using Investigator.Core.Sources;
using Investigator.WorldGen.Accounts;

namespace Investigator.WorldGen.Logs;

/// <summary>
/// Workflow runs of one account (triggered through the API or on a schedule) and the webhook events
/// they raise, traced end to end with one trace id.
/// </summary>
internal sealed class RunTraffic(AccountPlan account, LogBook book, Random rng)
{
    public void Generate()
    {
        var rate = TrafficShape.HourlyRate(account.Plan) * account.Spec.Activity;
        foreach (var hour in TrafficShape.Hours())
        {
            var triggered = rng.Poisson(rate * TrafficShape.Factor(account.Region, hour) * 0.35);
            var scheduled = rng.Poisson(rate * 0.3);
            for (var i = 0; i < triggered + scheduled; i++)
            {
                Run(rng.Moment(hour, TimeSpan.FromHours(1)), viaApi: i < triggered);
            }
        }
    }

    private void Run(DateTimeOffset start, bool viaApi)
    {
        var workflow = rng.Pick(account.Workflows);
        var run = rng.RunId();
        var requestId = rng.RequestId();
        var traceId = rng.TraceId();
        var steps = rng.Between(2, 12);
        var duration = (steps * rng.Between(150, 900)) + (IncidentEffects.RunsDelayed(account.Region, start) ? rng.Between(60_000, 240_000) : 0);
        var failedStep = rng.Chance(0.03) ? rng.Between(1, steps) : 0;
        var apiLatency = rng.Between(40, 180);
        if (ScenarioRules.RunsBlocked(account, start) || (viaApi && ScenarioRules.ApiBlocked(account, start)))
        {
            return;
        }

        if (viaApi)
        {
            book.Add(new LogEntry(start, "info", Svc.Api, account.Region, account.Id, requestId, traceId,
                LogTemplates.Request("POST", $"/v1/workflows/{workflow}/runs", 202, apiLatency), 202, apiLatency));
        }

        var end = start.AddMilliseconds(duration);
        string evt;
        if (failedStep == 0)
        {
            evt = "run.completed";
            book.Add(new LogEntry(end, "info", Svc.Engine, account.Region, account.Id, requestId, traceId,
                LogTemplates.RunCompleted(run, duration, steps), LatencyMs: duration));
        }
        else
        {
            // A customer's own HTTP step failing: the run fails, the product works as designed.
            evt = "run.failed";
            var status = rng.Pick<int>([500, 502, 404, 401]);
            book.Add(new LogEntry(end, "warn", Svc.Engine, account.Region, account.Id, requestId, traceId,
                LogTemplates.RunStepFailed(run, failedStep, steps, status, $"api.{account.Domain}"), LatencyMs: duration));
        }

        Deliver(end, evt, traceId);
    }

    private void Deliver(DateTimeOffset raisedAt, string evt, string traceId)
    {
        foreach (var endpoint in account.Endpoints)
        {
            if (!endpoint.ExistsAt(raisedAt) || !endpoint.Events.Contains(evt))
            {
                continue;
            }

            var at = raisedAt.AddMilliseconds(rng.Between(300, 2500));
            var latency = rng.Between(60, 420);
            var requestId = rng.RequestId();
            if (endpoint.DisabledBy(at))
            {
                book.Add(new LogEntry(at, "warn", Svc.Webhooks, account.Region, account.Id, requestId, traceId,
                    LogTemplates.WebhookSkipped(evt, endpoint.Id)));
            }
            else if (!ScenarioRules.DeliveryBlocked(account, endpoint, at))
            {
                var status = endpoint.Id.EndsWith("_a", StringComparison.Ordinal) ? 200 : 204;
                book.Add(new LogEntry(at, "info", Svc.Webhooks, account.Region, account.Id, requestId, traceId,
                    LogTemplates.WebhookDelivered(endpoint.HostAt(at), status, latency, evt), status, latency));
            }
        }
    }
}
