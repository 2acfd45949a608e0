using System.Globalization;
using Investigator.Core.Decisioning;
using Investigator.Core.Intake;
using Investigator.Core.Learning;

namespace Investigator.Bench;

/// <summary>
/// Resolved cases and new tickets that read like the demo world's (products, error codes, regions,
/// SDK versions, customer phrasing, root causes and fixes), drawn from a seeded generator: the same seed
/// gives the same texts on every machine. Each case combines one problem with random details, so the
/// store holds many cases per problem, as a real memory does, and few exact repeats.
/// </summary>
internal sealed class SyntheticCases(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly Problem[] Problems =
    [
        new("API", ProblemCategory.Authentication, Disposition.UserOrConfigurationMistake, CaseType.Configuration, ["401", "AUTH_KEY_REVOKED"],
            "API calls fail with {code} after the key was revoked", "An admin revoked the key {key} that the {client} job still used.", "Created a new key and updated the {client} secret."),
        new("API", ProblemCategory.Authentication, Disposition.UserOrConfigurationMistake, CaseType.Configuration, ["401", "AUTH_KEY_EXPIRED"],
            "Requests rejected with {code}, the key expired", "The key {key} reached its expiry date; nobody rotated it.", "Extended the key and set a rotation reminder."),
        new("API", ProblemCategory.RateLimit, Disposition.ExpectedBehaviour, CaseType.UserError, ["429", "RATE_LIMITED"],
            "Bulk import gets {code} responses from the API", "The {client} script retried immediately after each 429 and kept the per-minute window full.", "Explained Retry-After and exponential backoff (kb-001)."),
        new("API", ProblemCategory.Outage, Disposition.Incident, CaseType.Outage, ["503", "UPSTREAM_UNAVAILABLE"],
            "Every call returns {code} in {region}", "Incident in {region}: the API gateway lost its upstream pool after a deploy.", "Linked the incident; calls recovered after the rollback."),
        new("Webhooks", ProblemCategory.Webhooks, Disposition.Incident, CaseType.Degradation, ["WEBHOOK_TIMEOUT"],
            "Webhooks delayed by minutes in {region}", "The webhook dispatcher in {region} was saturated; deliveries queued.", "Deliveries caught up after the incident; replayed missed events."),
        new("Webhooks", ProblemCategory.Webhooks, Disposition.UserOrConfigurationMistake, CaseType.Configuration, ["404", "WEBHOOK_DISABLED"],
            "Webhooks stopped arriving after we changed the endpoint", "The new endpoint URL returned 404, so the endpoint was disabled after repeated failures.", "Fixed the URL and re-enabled the endpoint."),
        new("SSO login", ProblemCategory.Sso, Disposition.UserOrConfigurationMistake, CaseType.Configuration, ["SAML_SIGNATURE_INVALID"],
            "Nobody can sign in with SSO, {code}", "The identity provider rotated its signing certificate; the old one was still configured.", "Uploaded the new certificate from {idp}."),
        new("Data exports", ProblemCategory.Exports, Disposition.ProductDefect, CaseType.Bug, ["500", "EXPORT_FAILED"],
            "CSV export of runs fails with {code}", "Exports with custom fields containing commas broke the CSV writer after release {release}.", "Fixed in {release}; re-ran the export."),
        new("Dashboard", ProblemCategory.Permissions, Disposition.UserOrConfigurationMistake, CaseType.Configuration, ["403", "FORBIDDEN"],
            "Cannot edit workflows, dashboard says {code}", "The user has the viewer role; editing needs editor.", "Admin changed the role to editor."),
        new("Dashboard", ProblemCategory.Performance, Disposition.ProductDefect, CaseType.Degradation, ["504", "GATEWAY_TIMEOUT"],
            "Reports page times out with {code}", "Run search scanned all runs without the date index after release {release}.", "Hotfix restored the index; page loads in two seconds."),
        new("Workflow runs", ProblemCategory.PlanLimits, Disposition.UserOrConfigurationMistake, CaseType.Configuration, ["QUOTA_EXCEEDED"],
            "Workflows stopped running this month, {code}", "The account reached the monthly run quota of its plan.", "Explained the quota; customer upgraded the plan."),
        new("Workflow runs", ProblemCategory.DataMissing, Disposition.ExpectedBehaviour, CaseType.Question, ["404", "RUN_NOT_FOUND"],
            "Old runs disappeared from history", "Retention was lowered to {days} days by an admin, so older runs were deleted.", "Explained retention; exports keep older runs."),
        new("Billing", ProblemCategory.Billing, Disposition.ExpectedBehaviour, CaseType.Question, ["INVOICE_PRORATION"],
            "Charged twice this month", "A mid-cycle upgrade produced a proration invoice next to the regular one.", "Explained proration with both invoice numbers."),
    ];

    private static readonly string[] Openers = ["Hi team,", "Hello,", "URGENT:", "Since this morning", "After yesterday's change", "Our CI pipeline reports", "A customer of ours says", "Quick question:"];
    private static readonly string[] Regions = ["eu-west", "us-east", "ap-southeast", "eu-central", "us-west"];
    private static readonly string[] Clients = ["Airflow", "GitHub Actions", "cron", "Jenkins", "flowpoint-python 3.4.1", "flowpoint-node 2.8.0", "Zapier", "Terraform"];
    private static readonly string[] Providers = ["Okta", "Azure AD", "Google Workspace", "OneLogin"];
    private static readonly string[] Tails = ["Please advise.", "This blocks our release.", "Nothing changed on our side.", "It worked last week.", "We tried twice.", "Logs attached.", "Can you check?"];

    // Words a customer uses to say what their workflow does: they make each case's text its own, as real
    // tickets are, instead of a template with a few slots.
    private static readonly string[] Domain =
    [
        "orders", "invoices", "shipments", "payroll", "inventory", "leads", "tickets", "bookings", "refunds", "subscriptions",
        "warehouse", "checkout", "reporting", "onboarding", "analytics", "marketing", "catalog", "pricing", "loyalty", "returns",
        "nightly", "hourly", "weekly", "sync", "ingest", "backfill", "export", "import", "reconcile", "notify",
        "bakery", "clinic", "agency", "retail", "logistics", "fintech", "school", "hotel", "garage", "studio",
    ];

    private static readonly string[] Impact =
    [
        "about {n} runs failed", "{n} customers are affected", "we lost {n} events", "the job retried {n} times",
        "{n} of our users see it", "it happened {n} times since the morning", "the queue has {n} items waiting",
    ];

    /// <summary>The first moment a case can be resolved at; cases spread over the 365 days after it.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The products cases are about.</summary>
    public static IReadOnlyList<string> Products { get; } = Problems.Select(p => p.Product).Distinct().ToList();

    /// <summary>A resolved case with a unique key, resolved at a time inside the last year.</summary>
    public ResolvedCase NextCase(int index)
    {
        var problem = Problems[_random.Next(Problems.Length)];
        var details = Details();
        var code = problem.Codes[_random.Next(problem.Codes.Length)];
        return new ResolvedCase(
            $"bench-{index:D6}",
            $"acc_{_random.Next(1000, 9999)}",
            problem.Product,
            problem.Category,
            problem.Disposition,
            problem.Type,
            $"{Pick(Openers)} {Fill(problem.Summary, details, code)} for {details["client"]} in {details["region"]}: our {Workflow()} workflow, request {details["request"]} at {details["time"]}; {Fill(Pick(Impact), details, code)}. {Pick(Tails)}",
            Fill(problem.RootCause, details, code),
            Fill(problem.Resolution, details, code),
            [$"logs: {code} x{_random.Next(3, 400)} in {details["region"]}"],
            [problem.Category.ToString(), .. problem.Codes],
            Start.AddMinutes(_random.Next(0, 525_600)),
            "lead@bench.example");
    }

    /// <summary>A new ticket's text about one of the same problems, worded afresh.</summary>
    public string NextQuery()
    {
        var problem = Problems[_random.Next(Problems.Length)];
        var details = Details();
        return $"{Pick(Openers)} {Fill(problem.Summary, details, problem.Codes[^1])}, {details["client"]}, {details["region"]}, {Workflow()} workflow; {Fill(Pick(Impact), details, problem.Codes[^1])}. {Pick(Tails)}";
    }

    private Dictionary<string, string> Details() => new(StringComparer.Ordinal)
    {
        ["region"] = Pick(Regions),
        ["client"] = Pick(Clients),
        ["idp"] = Pick(Providers),
        ["key"] = $"fp_live_{_random.Next(0x1000, 0xFFFF):x4}",
        ["release"] = $"2026.{_random.Next(1, 12)}.{_random.Next(0, 30)}",
        ["days"] = _random.Next(7, 90).ToString(CultureInfo.InvariantCulture),
        ["n"] = _random.Next(2, 5000).ToString(CultureInfo.InvariantCulture),
        ["request"] = $"req_{_random.NextInt64():x16}",
        ["time"] = $"{_random.Next(0, 24):D2}:{_random.Next(0, 60):D2}",
    };

    /// <summary>A workflow named the way customers name theirs: "nightly refunds reconcile".</summary>
    private string Workflow() => $"{Pick(Domain)} {Pick(Domain)} {Pick(Domain)}";

    private string Pick(string[] values) => values[_random.Next(values.Length)];

    private static string Fill(string template, Dictionary<string, string> details, string code)
    {
        var text = template.Replace("{code}", code, StringComparison.Ordinal);
        foreach (var (name, value) in details)
        {
            text = text.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        return text;
    }

    private sealed record Problem(string Product, ProblemCategory Category, Disposition Disposition, CaseType Type, string[] Codes, string Summary, string RootCause, string Resolution);
}
