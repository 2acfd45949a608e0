using Investigator.Core.Sources;
using Investigator.WorldGen.Accounts;

namespace Investigator.WorldGen.Logs;

/// <summary>
/// Ordinary errors that are not scenarios: stray 404s and validation errors, single 500s, slow queries
/// under 5 s, mistyped keys, short rate-limit bursts, webhook hiccups that recover. An investigation
/// must see past them.
/// </summary>
internal sealed class NoiseLogs(IReadOnlyList<AccountPlan> accounts, LogBook book, Random rng)
{
    private static readonly IReadOnlyList<string> Exceptions =
    [
        "System.TimeoutException: The operation has timed out.",
        "Npgsql.PostgresException: 40P01: deadlock detected",
        "System.IO.IOException: Unable to read data from the transport connection: Connection reset by peer.",
        "System.Threading.Tasks.TaskCanceledException: A task was canceled.",
        "System.InvalidOperationException: Sequence contains no elements",
    ];

    private static readonly IReadOnlyList<string> ValidationDetails =
    [
        "steps[{n}].url must be an absolute URL",
        "trigger.cron '*/90 * * * *' is not a valid cron expression",
        "name must be at most 120 characters",
        "steps[{n}].timeoutSeconds must be between 1 and 900",
    ];

    private static readonly IReadOnlyList<string> Queries = ["runs_list", "workflow_versions", "audit_log_page", "webhook_attempts", "runs_report"];

    public void Generate()
    {
        foreach (var day in TrafficShape.Days())
        {
            Repeat(rng.Poisson(8), () => NotFound(day));
            Repeat(rng.Poisson(5), () => Validation(day));
            Repeat(rng.Poisson(1.2), () => Unhandled(day));
            Repeat(rng.Poisson(6), () => SlowQuery(day));
            Repeat(rng.Poisson(1), () => UnknownKey(day));
            Repeat(rng.Poisson(3), () => WebhookHiccup(day));
            Repeat(rng.Poisson(2), () => WrongPassword(day));
        }

        Repeat(4, RateLimitBurst);
        Repeat(4, NewIp);
    }

    private static void Repeat(int times, Action action)
    {
        for (var i = 0; i < times; i++)
        {
            action();
        }
    }

    private (AccountPlan Account, DateTimeOffset At) Somebody(DateTimeOffset day, Func<AccountPlan, bool>? filter = null)
    {
        var candidates = filter is null ? accounts : accounts.Where(filter).ToList();
        var account = rng.Pick(candidates);
        return (account, TrafficShape.BusinessMoment(rng, account.Region, day));
    }

    private void Add(AccountPlan account, DateTimeOffset at, string service, string level, string message, int? status = null, int? latency = null, string? code = null) =>
        book.Add(new LogEntry(at, level, service, account.Region, account.Id, rng.RequestId(), rng.TraceId(), message, status, latency, code));

    private void NotFound(DateTimeOffset day)
    {
        var (account, at) = Somebody(day);
        var path = rng.Chance(0.6) ? $"/v1/runs/{rng.RunId()}" : $"/v1/workflows/{rng.WorkflowId()}";
        var latency = rng.Between(6, 25);
        if (!ScenarioRules.ApiBlocked(account, at))
        {
            Add(account, at, Svc.Api, "warn", LogTemplates.Request("GET", path, 404, latency), 404, latency, "NOT_FOUND");
        }
    }

    private void Validation(DateTimeOffset day)
    {
        var (account, at) = Somebody(day);
        var detail = rng.Pick(ValidationDetails).Replace("{n}", rng.Between(0, 6).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var (method, path) = rng.Chance(0.5) ? ("POST", "/v1/workflows") : ("PUT", $"/v1/workflows/{rng.Pick(account.Workflows)}");
        var latency = rng.Between(8, 40);
        if (!ScenarioRules.ApiBlocked(account, at))
        {
            Add(account, at, Svc.Api, "warn", LogTemplates.ValidationFailed(method, path, detail), 400, latency, "VALIDATION_FAILED");
        }
    }

    private void Unhandled(DateTimeOffset day)
    {
        var (account, at) = Somebody(day);
        var exception = rng.Pick(Exceptions);
        var latency = rng.Between(30, 2_000);
        var (service, method, path) = rng.Next(3) switch
        {
            0 => (Svc.Api, "GET", $"/v1/runs/{rng.RunId()}"),
            1 => (Svc.Engine, "POST", $"/v1/workflows/{rng.Pick(account.Workflows)}/runs"),
            _ => (Svc.Dashboard, "GET", "/app/runs"),
        };
        if (!ScenarioRules.ApiBlocked(account, at))
        {
            Add(account, at, service, "error", LogTemplates.Unhandled(method, path, exception), 500, latency);
        }
    }

    private void SlowQuery(DateTimeOffset day)
    {
        var (account, at) = Somebody(day);
        var query = rng.Pick(Queries);
        var ms = rng.Between(1_000, 4_999);
        long rows = rng.Between(1_000, 400_000);
        // Summit's runs_report is S9's signal; noise must not blur it.
        if (query == "runs_report" && account.Id == AccountCatalog.Summit)
        {
            query = "runs_list";
        }

        Add(account, at, rng.Chance(0.5) ? Svc.Dashboard : Svc.Engine, "warn", LogTemplates.SlowQuery(query, ms, rows), latency: ms);
    }

    private void UnknownKey(DateTimeOffset day)
    {
        var (account, at) = Somebody(day, a => !ScenarioRules.KeepsAuthNoiseAway(a));
        var prefix = "fp_live_" + rng.Chars(RandomExtensions.Alphanumeric, 4);
        if (account.Keys.All(k => k.Prefix != prefix) && !ScenarioRules.ApiBlocked(account, at))
        {
            Add(account, at, Svc.Api, "warn", LogTemplates.KeyUnknown(prefix), 401, rng.Between(2, 9), "AUTH_KEY_INVALID");
        }
    }

    private void WebhookHiccup(DateTimeOffset day)
    {
        var (account, at) = Somebody(day, a => a.Endpoints.Count > 0 && a.Id != AccountCatalog.Lantern);
        var endpoint = account.Endpoints[0];
        var retryAt = at.AddMilliseconds(30_000 + rng.Between(0, 900));
        var latency = rng.Between(60, 400);
        var s1Day = account.Region == WorldFacts.EuWest && at.Date == ScenarioClock.S1DeployAt.Date;
        if (!endpoint.ExistsAt(at) || endpoint.DisabledBy(retryAt) || s1Day || ScenarioRules.DeliveryBlocked(account, endpoint, at))
        {
            return;
        }

        var traceId = rng.TraceId();
        var host = endpoint.HostAt(at);
        book.Add(new LogEntry(at, "warn", Svc.Webhooks, account.Region, account.Id, rng.RequestId(), traceId,
            LogTemplates.WebhookHttpError(host, 503, "Service Unavailable", 1), 503, rng.Between(20, 200), "WEBHOOK_HTTP_ERROR"));
        book.Add(new LogEntry(retryAt, "info", Svc.Webhooks, account.Region, account.Id, rng.RequestId(), traceId,
            LogTemplates.WebhookDelivered(host, 200, latency, "run.completed"), 200, latency));
    }

    private void WrongPassword(DateTimeOffset day)
    {
        var (account, at) = Somebody(day, a => a.ActiveUsers.Any(u => u.LoginMethod == "password"));
        var user = rng.Pick(account.ActiveUsers.Where(u => u.LoginMethod == "password").ToList());
        Add(account, at, Svc.Auth, "warn", LogTemplates.LoginFailedPassword(user.Id), 401);
    }

    private void RateLimitBurst()
    {
        var day = rng.Pick(TrafficShape.Days().ToList());
        var (account, at) = Somebody(day, a => a.Id is not (AccountCatalog.Pebble or AccountCatalog.Tidepool or AccountCatalog.Juniper) && a.Plan != PlanTier.Enterprise);
        var lines = rng.Between(3, 8);
        for (var i = 0; i < lines; i++)
        {
            at = at.AddMilliseconds(rng.Between(100, 6_000));
            if (!ScenarioRules.ApiBlocked(account, at))
            {
                Add(account, at, Svc.Api, "warn", LogTemplates.RateLimited(account.Limits.ApiRequestsPerMinute, account.Plan.ToString()), 429, rng.Between(1, 4), "RATE_LIMITED");
            }
        }
    }

    private void NewIp()
    {
        var day = rng.Pick(TrafficShape.Days().ToList());
        var (account, at) = Somebody(day, a => a.Id != AccountCatalog.Vantage);
        var keys = account.KeysActiveAt(at);
        var country = account.Region switch { WorldFacts.UsEast => "US", WorldFacts.EuWest => rng.Pick<string>(["DE", "GB", "NL"]), _ => rng.Pick<string>(["SG", "AU"]) };
        var ip = $"198.51.100.{rng.Between(2, 250)}";
        if (keys.Count > 0 && !ScenarioRules.ApiBlocked(account, at))
        {
            Add(account, at, Svc.Auth, "warn", LogTemplates.KeyNewIp(keys[0].Prefix, ip, country));
        }
    }
}
