using Investigator.Api.Access;

namespace Investigator.Api.Tests.Fuzz;

/// <summary>Who may call an endpoint: anyone (health), a helpdesk proving itself with its own credentials, or an API key with a scope.</summary>
internal enum Gate { Open, Webhook, ApiKey }

/// <summary>What a well-formed request to an endpoint carries in its body, so the fuzz knows what to break.</summary>
internal enum BodyShape { None, Ticket, GenericDelivery, ZendeskDelivery, FreshdeskDelivery, Acknowledgement, Retry, Resolution, DraftReview, Override, Reinvestigation }

/// <summary>
/// One endpoint of the service under fuzz: its name in the report, its method and route template exactly as mapped
/// (<c>{id}</c>-style parameters are filled by the generator), who may call it and what its body looks like.
/// </summary>
internal sealed record FuzzTarget(string Name, string Method, string Route, Gate Gate, string? Scope, BodyShape Body)
{
    /// <summary>The route with each parameter replaced by an already escaped path segment.</summary>
    public string PathWith(string segment)
    {
        var open = Route.IndexOf('{', StringComparison.Ordinal);
        return open < 0 ? Route : Route[..open] + segment + Route[(Route.IndexOf('}', open) + 1)..];
    }

    public bool HasRouteParameter => Route.Contains('{', StringComparison.Ordinal);

    public bool IsWebhook => Gate == Gate.Webhook;

    public override string ToString() => $"{Method} {Route}";
}

/// <summary>Every endpoint the service maps; the fuzz test checks this list against the running service's route table.</summary>
internal static class FuzzTargets
{
    public static readonly FuzzTarget Health = new("health", "GET", "/health", Gate.Open, null, BodyShape.None);
    public static readonly FuzzTarget Ready = new("ready", "GET", "/ready", Gate.Open, null, BodyShape.None);
    public static readonly FuzzTarget GenericWebhook = new("webhook-generic", "POST", "/v1/webhooks/generic", Gate.Webhook, null, BodyShape.GenericDelivery);
    public static readonly FuzzTarget ZendeskWebhook = new("webhook-zendesk", "POST", "/v1/webhooks/zendesk", Gate.Webhook, null, BodyShape.ZendeskDelivery);
    public static readonly FuzzTarget FreshdeskWebhook = new("webhook-freshdesk", "POST", "/v1/webhooks/freshdesk", Gate.Webhook, null, BodyShape.FreshdeskDelivery);
    public static readonly FuzzTarget StartInvestigation = new("investigations", "POST", "/v1/investigations", Gate.ApiKey, Scopes.Investigate, BodyShape.Ticket);
    public static readonly FuzzTarget ListCases = new("cases-list", "GET", "/v1/cases", Gate.ApiKey, Scopes.ReadCases, BodyShape.None);
    public static readonly FuzzTarget GetCase = new("case-get", "GET", "/v1/cases/{id}", Gate.ApiKey, Scopes.ReadCases, BodyShape.None);
    public static readonly FuzzTarget AcknowledgeCase = new("case-acknowledgement", "POST", "/v1/cases/{id}/acknowledgement", Gate.ApiKey, Scopes.Review, BodyShape.Acknowledgement);
    public static readonly FuzzTarget RetryCase = new("case-retry", "POST", "/v1/cases/{id}/retry", Gate.ApiKey, Scopes.Review, BodyShape.Retry);
    public static readonly FuzzTarget ResolveCase = new("case-resolution", "POST", "/v1/cases/{id}/resolution", Gate.ApiKey, Scopes.Review, BodyShape.Resolution);
    public static readonly FuzzTarget ReviewDraft = new("case-draft", "POST", "/v1/cases/{id}/draft", Gate.ApiKey, Scopes.Review, BodyShape.DraftReview);
    public static readonly FuzzTarget OverrideDecision = new("case-override", "POST", "/v1/cases/{id}/override", Gate.ApiKey, Scopes.Review, BodyShape.Override);
    public static readonly FuzzTarget Reinvestigate = new("case-reinvestigation", "POST", "/v1/cases/{id}/reinvestigation", Gate.ApiKey, Scopes.Review, BodyShape.Reinvestigation);
    public static readonly FuzzTarget SimilarCases = new("case-similar", "GET", "/v1/cases/{id}/similar", Gate.ApiKey, Scopes.ReadCases, BodyShape.None);
    public static readonly FuzzTarget SlaBreaches = new("sla-breaches", "GET", "/v1/sla/breaches", Gate.ApiKey, Scopes.ReadCases, BodyShape.None);
    public static readonly FuzzTarget KnowledgeSuggestions = new("knowledge-suggestions", "GET", "/v1/knowledge/suggestions", Gate.ApiKey, Scopes.ReadCases, BodyShape.None);
    public static readonly FuzzTarget KnowledgeSuggestion = new("knowledge-suggestion", "GET", "/v1/knowledge/suggestions/{caseId}", Gate.ApiKey, Scopes.ReadCases, BodyShape.None);
    public static readonly FuzzTarget Insights = new("insights", "GET", "/v1/insights", Gate.ApiKey, Scopes.ReadCases, BodyShape.None);
    public static readonly FuzzTarget AdminApiContract = new("contract-admin-api", "GET", "/contracts/admin-api.openapi.json", Gate.ApiKey, Scopes.ReadCases, BodyShape.None);
    public static readonly FuzzTarget OpenApiDocument = new("openapi", "GET", "/openapi/v1.json", Gate.ApiKey, Scopes.ReadCases, BodyShape.None);
    public static readonly FuzzTarget Metrics = new("metrics", "GET", "/metrics", Gate.ApiKey, Scopes.ReadCases, BodyShape.None);

    public static readonly IReadOnlyList<FuzzTarget> All =
    [
        Health, Ready, GenericWebhook, ZendeskWebhook, FreshdeskWebhook, StartInvestigation, ListCases, GetCase, AcknowledgeCase,
        RetryCase, ResolveCase, ReviewDraft, OverrideDecision, Reinvestigate, SimilarCases, SlaBreaches, KnowledgeSuggestions, KnowledgeSuggestion,
        Insights, AdminApiContract, OpenApiDocument, Metrics,
    ];
}
