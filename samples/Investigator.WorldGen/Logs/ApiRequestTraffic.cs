using Investigator.Core.Sources;
using Investigator.WorldGen.Accounts;

namespace Investigator.WorldGen.Logs;

/// <summary>Ordinary API calls of one account other than run triggers (those come with their runs).</summary>
internal sealed class ApiRequestTraffic(AccountPlan account, LogBook book, Random rng)
{
    private enum Kind { ListWorkflows, GetWorkflow, GetRun, ListRuns, UpdateWorkflow, CreateWorkflow, DeleteWorkflow }

    private static readonly IReadOnlyList<Kind> Mix =
    [
        Kind.ListWorkflows, Kind.ListWorkflows, Kind.ListWorkflows,
        Kind.GetWorkflow, Kind.GetWorkflow, Kind.GetWorkflow, Kind.GetWorkflow,
        Kind.GetRun, Kind.GetRun, Kind.GetRun, Kind.GetRun, Kind.GetRun,
        Kind.ListRuns, Kind.ListRuns, Kind.ListRuns,
        Kind.UpdateWorkflow, Kind.UpdateWorkflow, Kind.CreateWorkflow, Kind.DeleteWorkflow,
    ];

    private static readonly IReadOnlyList<string> WorkflowNames =
        ["order-sync", "invoice-reminder", "lead-router", "nightly-report", "slack-alerts", "crm-backfill", "shipping-update", "ticket-triage"];

    public void Generate()
    {
        var rate = TrafficShape.HourlyRate(account.Plan) * account.Spec.Activity * 0.65;
        foreach (var hour in TrafficShape.Hours())
        {
            var count = rng.Poisson(rate * TrafficShape.Factor(account.Region, hour));
            for (var i = 0; i < count; i++)
            {
                Request(rng.Moment(hour, TimeSpan.FromHours(1)));
            }
        }
    }

    private void Request(DateTimeOffset at)
    {
        var kind = rng.Pick(Mix);
        var workflow = rng.Pick(account.Workflows);
        var (method, path, status, latency) = kind switch
        {
            Kind.ListWorkflows => ("GET", "/v1/workflows", 200, rng.Between(30, 120)),
            Kind.GetWorkflow => ("GET", $"/v1/workflows/{workflow}", 200, rng.Between(20, 90)),
            Kind.GetRun => ("GET", $"/v1/runs/{rng.RunId()}", 200, rng.Between(15, 80)),
            Kind.ListRuns => ("GET", $"/v1/runs?workflow={workflow}&limit=50", 200, rng.Between(40, 220)),
            Kind.UpdateWorkflow => ("PUT", $"/v1/workflows/{workflow}", 200, rng.Between(60, 200)),
            Kind.CreateWorkflow => ("POST", "/v1/workflows", 201, rng.Between(80, 260)),
            // Deletes remove short-lived workflows (tests, one-offs), not the account's standing ones.
            _ => ("DELETE", $"/v1/workflows/{rng.WorkflowId()}", 204, rng.Between(40, 140)),
        };
        var requestId = rng.RequestId();
        var traceId = rng.TraceId();
        var ip = rng.Pick(account.KnownIps);
        var created = rng.WorkflowId();
        var name = $"{rng.Pick(WorkflowNames)}-{rng.Between(2, 9)}";
        if (ScenarioRules.ApiBlocked(account, at))
        {
            return;
        }

        book.Add(new LogEntry(at, "info", Svc.Api, account.Region, account.Id, requestId, traceId,
            LogTemplates.Request(method, path, status, latency), status, latency));
        var keys = account.KeysActiveAt(at);
        if (kind == Kind.CreateWorkflow && keys.Count > 0)
        {
            var key = keys[rng.Next(keys.Count)];
            book.Add(new LogEntry(at.AddMilliseconds(latency - 2), "info", Svc.Api, account.Region, account.Id, requestId, traceId,
                LogTemplates.WorkflowCreated(created, name, key.Prefix, ip)));
        }
    }
}
