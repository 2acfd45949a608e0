using System.Text.RegularExpressions;

namespace Investigator.Core.Intake;

/// <summary>
/// What a support engineer needs before investigating each kind of problem, in the order they
/// would ask for it, with the question, why it helps and a good answer.
/// </summary>
internal static partial class MissingInformation
{
    private static readonly MissingField Account = new("account",
        "Which Flowpoint account (company or workspace name) is this about? Please write from an address that belongs to it.",
        "We only look at an account once we know the requester belongs to it.", "Acme Ltd, workspace acme-prod");

    private static readonly MissingField ActualOutcome = new("actualOutcome",
        "What exactly happens when it goes wrong? Please include the full error message you see.",
        "The exact error tells us which part of the product failed.", "\"401 Unauthorized: AUTH_KEY_REVOKED\" when calling POST /v1/workflows/wf_123/runs");

    private static readonly MissingField StartedAt = new("startedAt",
        "When did this start (date, time and time zone), and when did it last work?",
        "We match the time against logs, deploys and incidents.", "Since 12 Nov around 14:00 CET; it worked at 13:30.");

    private static readonly MissingField Product = new("product",
        "Which part of Flowpoint is affected (API, dashboard, webhooks, SSO sign-in, exports, billing)?",
        "It decides which systems we check first.", "Webhook deliveries to our order endpoint");

    private static readonly MissingField RequestId = new("identifiers.requestId",
        "Could you share the request id of a failing call (the request_id field of the error response or the X-Request-Id header)?",
        "A request id lets us find the exact call in our logs.", "req_8f14e45fceea167a");

    private static readonly MissingField ErrorCode = new("errorCodes",
        "What HTTP status and error code does the failing request return?",
        "Error codes separate authentication, limits and server errors.", "HTTP 401 with code AUTH_KEY_EXPIRED");

    private static readonly MissingField ApiKeyPrefix = new("identifiers.apiKeyPrefix",
        "Which API key is used? Please send only its first 12 characters (its prefix), never the whole key.",
        "We can check that key's status without you sharing a secret.", "fp_live_Rk8d");

    private static readonly MissingField WebhookEndpoint = new("webhookEndpoint",
        "Which webhook endpoint URL and which event types are affected?",
        "We check delivery attempts to that endpoint specifically.", "https://hooks.example.com/flowpoint for run.completed");

    private static readonly MissingField Browser = new("browser",
        "Which browser and operating system are you using?",
        "Some dashboard problems only occur in one browser.", "Chrome 131 on Windows 11");

    private static readonly MissingField SsoError = new("ssoError",
        "What does the sign-in page or your identity provider show when sign-in fails?",
        "The SAML error says whether it is the certificate, the audience or the user mapping.", "\"SAML response rejected: signature validation failed\"");

    private static readonly MissingField InvoiceId = new("identifiers.invoiceId",
        "Which invoice or charge is this about (invoice number and amount)?",
        "We match it against your billing history.", "inv_2026_1105_1014, 49.00 USD");

    private static readonly MissingField ExportJob = new("identifiers.exportJobId",
        "Which export failed (the export job id from the exports page) and in which format?",
        "The job id finds the failed export in our logs.", "exp_3fa9c2b1d0, CSV");

    private static readonly MissingField AffectedItems = new("affectedItems",
        "Which workflows or runs are missing, and when were they last visible?",
        "It tells us whether data was deleted, filtered or never created.", "Runs of workflow wf_orders from 1-10 Nov, last seen yesterday");

    private static readonly MissingField AffectedUser = new("affectedUser",
        "Which user is affected, and what were they trying to do?",
        "Permissions are checked per user and per action.", "jane@example.com, editing workflow wf_orders");

    /// <summary>
    /// The required information the ticket does not give, in the order it should be asked: the account
    /// first, then what each category needs (the table in evals/suites/demo/LABELLING.md). What would
    /// merely help (a request id when the error is quoted) is in <see cref="Helpful"/>.
    /// </summary>
    public static IReadOnlyList<MissingField> For(ProblemCategory category, CaseFacts facts)
    {
        var missing = new List<MissingField>();
        if (facts.Account is null)
        {
            missing.Add(Account);
        }

        bool HasId(IdentifierKind kind) => facts.Identifiers.Any(i => i.Value.Kind == kind);
        var hasError = facts.ErrorCodes.Count > 0 || facts.ErrorMessages.Count > 0;
        var hasTime = facts.StartedAt is not null || facts.Times.Count > 0;
        switch (category)
        {
            case ProblemCategory.Authentication or ProblemCategory.Permissions or ProblemCategory.RateLimit or ProblemCategory.PlanLimits:
                if (!hasError) missing.Add(ErrorCode);
                break;
            case ProblemCategory.Outage:
                if (!hasError) missing.Add(ErrorCode);
                if (!hasTime) missing.Add(StartedAt);
                break;
            case ProblemCategory.Performance or ProblemCategory.Security:
                if (!hasTime) missing.Add(StartedAt);
                break;
            case ProblemCategory.Webhooks:
                if (!hasTime) missing.Add(StartedAt);
                if (!NamesEndpoint(facts)) missing.Add(WebhookEndpoint);
                break;
            case ProblemCategory.Sso:
                if (!hasError) missing.Add(SsoError);
                break;
            case ProblemCategory.Billing:
                if (!HasId(IdentifierKind.InvoiceId)) missing.Add(InvoiceId);
                break;
            case ProblemCategory.Exports:
                if (!HasId(IdentifierKind.ExportJobId)) missing.Add(ExportJob);
                break;
            case ProblemCategory.DataMissing:
                if (!HasId(IdentifierKind.WorkflowId) && !HasId(IdentifierKind.RunId) && !QuotedName().IsMatch(facts.CleanText)) missing.Add(AffectedItems);
                break;
            case ProblemCategory.Question or ProblemCategory.FeatureRequest:
                break;
            default:
                if (facts.Product is null) missing.Add(Product);
                if (!hasError && (facts.ActualOutcome is null || VagueOutcome().IsMatch(facts.ActualOutcome.Value))) missing.Add(ActualOutcome);
                if (!hasTime) missing.Add(StartedAt);
                break;
        }

        return missing;
    }

    /// <summary>"It doesn't work", "is broken again": says that something fails, not what happens.</summary>
    [GeneratedRegex(@"^(?:\W*\w+\W+){0,4}?(?:is\s+|are\s+)?(?:not\s+working|(?:do|does)\s*n'?o?t\s+work|dont\s+work|broken|(?:has\s+)?(?:a\s+)?(?:problem|issue)s?)\b(?:\W+\w+){0,6}\W*$", RegexOptions.IgnoreCase, 200)]
    private static partial Regex VagueOutcome();

    /// <summary>A webhook problem names its endpoint by a URL, or by being the account's only endpoint.</summary>
    private static bool NamesEndpoint(CaseFacts facts) =>
        facts.CleanText.Contains("://", StringComparison.Ordinal) || facts.Account?.WebhookEndpoints?.Value == 1;

    /// <summary>A workflow named in quotes or with the word "workflow" next to a capitalised name.</summary>
    [GeneratedRegex(@"[""“][^""”\n]{3,60}[""”]\s+workflow|workflow\s+(?:called\s+|named\s+)?[""“][^""”\n]{3,60}[""”]", RegexOptions.IgnoreCase, 200)]
    private static partial Regex QuotedName();

    /// <summary>Fields that would speed the investigation up, asked only when the case needs information anyway.</summary>
    public static IReadOnlyList<MissingField> Helpful(ProblemCategory category, CaseFacts facts)
    {
        bool HasId(IdentifierKind kind) => facts.Identifiers.Any(i => i.Value.Kind == kind);
        var helpful = new List<MissingField>();
        switch (category)
        {
            case ProblemCategory.Authentication:
                if (facts.StartedAt is null) helpful.Add(StartedAt);
                if (!HasId(IdentifierKind.ApiKeyPrefix)) helpful.Add(ApiKeyPrefix);
                if (!HasId(IdentifierKind.RequestId)) helpful.Add(RequestId);
                break;
            case ProblemCategory.RateLimit or ProblemCategory.PlanLimits or ProblemCategory.Outage:
                if (!HasId(IdentifierKind.RequestId)) helpful.Add(RequestId);
                break;
            case ProblemCategory.Performance:
                if (facts.Browser is null && facts.Product?.Value == "Dashboard") helpful.Add(Browser);
                break;
            case ProblemCategory.Sso or ProblemCategory.DataMissing:
                if (facts.StartedAt is null) helpful.Add(StartedAt);
                break;
            case ProblemCategory.Exports:
                if (facts.ErrorCodes.Count == 0 && facts.ErrorMessages.Count == 0) helpful.Add(ActualOutcome);
                break;
            case ProblemCategory.Permissions:
                if (facts.ActionAttempted is null) helpful.Add(AffectedUser);
                break;
        }

        return helpful;
    }
}
