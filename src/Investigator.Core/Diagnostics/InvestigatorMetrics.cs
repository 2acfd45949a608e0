using System.Diagnostics.Metrics;
using Investigator.Core.Cases;

namespace Investigator.Core.Diagnostics;

/// <summary>
/// The service's metrics, on one <see cref="Meter"/> named <see cref="MeterName"/>: tickets accepted, case attempts
/// by outcome, each layer's latency, webhook deliveries and helpdesk posts by outcome, and the queue's depth. Served
/// as Prometheus text at <c>GET /metrics</c> and exported over OTLP when telemetry is configured. Tag values come
/// from closed sets, so no ticket or customer text can become a label.
/// </summary>
public static class InvestigatorMetrics
{
    public const string MeterName = "Investigator";

    public static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> TicketsAccepted =
        Meter.CreateCounter<long>("investigator.tickets.accepted", "{ticket}", "Tickets stored as new cases, by where they came from.");

    public static readonly Counter<long> CasesProcessed =
        Meter.CreateCounter<long>("investigator.cases.processed", "{attempt}", "Investigation attempts by outcome: completed, failed (retry scheduled), parked, superseded (a comment arrived), interrupted (a stop).");

    public static readonly Histogram<double> StageDuration =
        Meter.CreateHistogram<double>("investigator.stage.duration", "s", "Time each layer took for one case: intake, investigation, decisioning, drafting.");

    public static readonly Counter<long> WebhookDeliveries =
        Meter.CreateCounter<long>("investigator.webhook.deliveries", "{delivery}", "Helpdesk webhook deliveries by helpdesk and outcome.");

    public static readonly Counter<long> HelpdeskPosts =
        Meter.CreateCounter<long>("investigator.helpdesk.posts", "{post}", "Write-backs to helpdesk tickets by outcome: posted, failed (due again), skipped, gave_up.");

    private static CaseQueueDepth? _queueDepth;

    static InvestigatorMetrics()
    {
        Meter.CreateObservableGauge("investigator.queue.depth", ObserveQueueDepth, "{case}",
            "Cases waiting in the store, by state: queued, investigating, retry_due, retry_waiting, parked.");
    }

    /// <summary>The sources a ticket can come from as a label; anything else is <c>other</c>.</summary>
    private static readonly string[] KnownSources = ["api", "zendesk", "freshdesk", "generic", "file", "email", "web"];

    public static void Accepted(string? source)
    {
        var name = source?.Trim().ToLowerInvariant();
        TicketsAccepted.Add(1, new KeyValuePair<string, object?>("source", name is not null && KnownSources.Contains(name) ? name : "other"));
    }

    public static void Processed(string outcome) => CasesProcessed.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void Stage(string stage, TimeSpan took) => StageDuration.Record(took.TotalSeconds, new KeyValuePair<string, object?>("stage", stage));

    public static void Delivery(string helpdesk, string outcome) =>
        WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("helpdesk", helpdesk), new KeyValuePair<string, object?>("outcome", outcome));

    public static void Posted(string outcome) => HelpdeskPosts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>The queue depth last read from the store; the gauge reports it until the next reading.</summary>
    public static void QueueDepth(CaseQueueDepth depth) => Volatile.Write(ref _queueDepth, depth);

    private static IEnumerable<Measurement<long>> ObserveQueueDepth()
    {
        if (Volatile.Read(ref _queueDepth) is not { } depth)
        {
            yield break;
        }

        yield return State(depth.Queued, "queued");
        yield return State(depth.Investigating, "investigating");
        yield return State(depth.RetriesDue, "retry_due");
        yield return State(depth.RetriesScheduled, "retry_waiting");
        yield return State(depth.Parked, "parked");
    }

    private static Measurement<long> State(int count, string state) => new(count, new KeyValuePair<string, object?>("state", state));
}
