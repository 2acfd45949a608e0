using static Investigator.WorldGen.WorldFacts;

namespace Investigator.WorldGen.Status;

internal sealed record IncidentUpdateSpec(string Status, DateTimeOffset At, string Body);

/// <summary>
/// An incident: what the status page said, and when and where the product was really impaired
/// (<see cref="Impaired"/>), which the log generators read to make the incident visible in the logs.
/// </summary>
internal sealed record IncidentSpec(
    string Key,
    string Name,
    string Impact,
    string FinalStatus,
    string Region,
    IReadOnlyList<string> Areas,
    IReadOnlyList<string> Services,
    Interval Impaired,
    IReadOnlyList<IncidentUpdateSpec> Updates)
{
    public bool Affects(string service, string region, DateTimeOffset t) =>
        Region == region && Services.Contains(service) && Impaired.Contains(t);
}

/// <summary>
/// The incidents of the window: the two scenario incidents (S1, S2) and five ordinary ones placed in
/// components and times that no scenario ticket touches.
/// </summary>
internal static class IncidentCatalog
{
    public static readonly IncidentSpec DashboardEuWest = new(
        "dashboard-eu-west",
        "Dashboard unavailable for some users in EU West",
        "minor",
        "resolved",
        EuWest,
        ["Dashboard"],
        [Svc.Dashboard],
        new(Nov(2, 10, 15), Nov(2, 10, 50)),
        [
            new("investigating", Nov(2, 10, 21), "Some users in EU West are seeing errors when loading the Flowpoint dashboard. We are investigating. The API, workflow runs and webhooks are not affected."),
            new("identified", Nov(2, 10, 30), "A load balancer health check change removed healthy dashboard servers from rotation. We are reverting the change."),
            new("monitoring", Nov(2, 10, 44), "The change has been reverted and the dashboard is loading normally again. We are monitoring."),
            new("resolved", Nov(2, 10, 58), "This incident has been resolved. Between 10:15 and 10:50 UTC some dashboard page loads in EU West failed with HTTP 502."),
        ]);

    public static readonly IncidentSpec DashboardApSoutheast = new(
        "dashboard-ap-southeast",
        "Slow dashboard in AP Southeast",
        "minor",
        "resolved",
        ApSoutheast,
        ["Dashboard"],
        [Svc.Dashboard],
        new(Nov(3, 3, 10), Nov(3, 4, 5)),
        [
            new("investigating", Nov(3, 3, 18), "Dashboard pages in AP Southeast are loading slowly. We are investigating."),
            new("identified", Nov(3, 3, 34), "The slowness is caused by an exhausted database connection pool on the dashboard servers. We are adding capacity."),
            new("resolved", Nov(3, 4, 12), "Dashboard response times in AP Southeast have been back to normal since 04:05 UTC. No data was affected."),
        ]);

    public static readonly IncidentSpec BillingUsEast = new(
        "billing-us-east",
        "Billing portal unavailable in US East",
        "minor",
        "resolved",
        UsEast,
        ["Billing"],
        [Svc.Billing],
        new(Nov(4, 16, 10), Nov(4, 16, 45)),
        [
            new("investigating", Nov(4, 16, 14), "The billing page of the dashboard is not loading for customers in US East. Payments and invoices are not affected. We are investigating."),
            new("identified", Nov(4, 16, 26), "Our payment provider's customer portal is returning errors. We are working with them on a fix."),
            new("resolved", Nov(4, 16, 52), "The billing portal has been available again since 16:45 UTC."),
        ]);

    public static readonly IncidentSpec SsoUsEast = new(
        "sso-us-east",
        "SSO login failures in US East",
        "major",
        "resolved",
        UsEast,
        ["SSO login"],
        [Svc.Auth],
        new(Nov(6, 15, 20), Nov(6, 16, 2)),
        [
            new("investigating", Nov(6, 15, 26), "Some users in US East cannot sign in with SSO. Sessions that are already open and API keys are not affected. We are investigating."),
            new("identified", Nov(6, 15, 41), "Refreshing identity provider metadata is timing out because of a networking issue between our auth service and an upstream cache. We are applying a fix."),
            new("monitoring", Nov(6, 16, 4), "A fix has been applied and SSO sign-ins are succeeding again. We are monitoring."),
            new("resolved", Nov(6, 16, 20), "SSO sign-in in US East has been working normally since 16:02 UTC."),
        ]);

    public static readonly IncidentSpec RunsApSoutheast = new(
        "runs-ap-southeast",
        "Delayed workflow runs in AP Southeast",
        "minor",
        "resolved",
        ApSoutheast,
        ["Workflow runs"],
        [Svc.Engine],
        new(Nov(7, 22, 40), Nov(7, 23, 35)),
        [
            new("investigating", Nov(7, 22, 47), "Workflow runs in AP Southeast are starting with a delay of several minutes. Runs are not lost. We are investigating."),
            new("identified", Nov(7, 23, 2), "A scheduler node stopped picking up work, so the run queue backed up. We have replaced the node and the queue is draining."),
            new("monitoring", Nov(7, 23, 31), "The run queue has drained and runs are starting on time. We are monitoring."),
            new("resolved", Nov(7, 23, 50), "Workflow runs in AP Southeast have been starting on time since 23:35 UTC."),
        ]);

    /// <summary>S2: a database failover behind the workflow engine made the US East API return 503.</summary>
    public static readonly IncidentSpec ApiUsEast = new(
        "api-us-east",
        "Elevated API error rates in US East",
        "critical",
        "postmortem",
        UsEast,
        ["API", "Workflow runs"],
        [Svc.Api, Svc.Engine],
        ScenarioClock.S2Errors,
        [
            new("investigating", Nov(9, 8, 5), "We are seeing elevated error rates (HTTP 503) from the Flowpoint API in US East. Starting and reading workflow runs may fail. We are investigating."),
            new("identified", Nov(9, 8, 19), "The errors are caused by a failover of the primary database behind the workflow engine in US East. API requests return 503 until the failover completes."),
            new("monitoring", Nov(9, 8, 47), "The database failover has completed and error rates are dropping. Scheduled runs that were delayed are being started. We are monitoring."),
            new("resolved", Nov(9, 8, 58), "The API in US East has been working normally since 08:55 UTC. Requests that failed with 503 between 08:02 and 08:55 UTC can be retried safely."),
            new("postmortem", Nov(10, 17, 30), "Postmortem: at 08:01 UTC a storage fault on the primary database host of the US East workflow engine triggered an automatic failover. The failover took 53 minutes instead of the expected 2 because the standby was replaying a large write backlog. During that time the API returned 503 for requests that start or read workflow runs. We are adding replication lag alerts and capping the replay backlog so that failovers complete within minutes."),
        ]);

    /// <summary>S1: a webhook-dispatcher deploy in EU West exhausted its connection pool; rolled back.</summary>
    public static readonly IncidentSpec WebhooksEuWest = new(
        "webhooks-eu-west",
        "Delayed webhook deliveries in EU West",
        "major",
        "resolved",
        EuWest,
        ["Webhooks"],
        [Svc.Webhooks],
        ScenarioClock.S1Timeouts,
        [
            new("investigating", Nov(12, 13, 42), "Webhook deliveries in EU West are delayed and some are timing out. Workflow runs themselves are not affected. We are investigating."),
            new("identified", Nov(12, 14, 5), "The delays started with a change to the webhook delivery service deployed at 13:30 UTC. Delivery workers run out of connections and deliveries time out after 30 seconds. We are rolling the change back."),
            new("monitoring", Nov(12, 14, 50), "The change was rolled back at 14:40 UTC. Queued deliveries are being retried with the usual backoff and the backlog is draining. We are monitoring."),
            new("resolved", Nov(12, 15, 20), "Webhook deliveries in EU West have been back to normal since 15:10 UTC. Deliveries that timed out between 13:35 and 15:10 UTC were retried; a delivery that used all 5 attempts was not delivered."),
        ]);

    public static IReadOnlyList<IncidentSpec> All { get; } =
        [DashboardEuWest, DashboardApSoutheast, BillingUsEast, SsoUsEast, RunsApSoutheast, ApiUsEast, WebhooksEuWest];

    public static bool AnyAffects(string service, string region, DateTimeOffset t) =>
        All.Any(i => i.Affects(service, region, t));
}
