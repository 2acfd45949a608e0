using Investigator.Core.Sources;

namespace Investigator.Core.Investigation.Tools;

/// <summary>
/// Something notable a tool found. <see cref="Signal"/> is what hypotheses are confirmed by;
/// <see cref="Statement"/> is safe to show the customer; <see cref="Detail"/> is for the agent.
/// </summary>
public sealed record ToolFinding(string Signal, string Key, string Statement, string Detail, string? Excerpt = null, DateTimeOffset? ObservedAt = null);

/// <summary>What every tool returns: a short summary, small typed data, and the notable findings.</summary>
public interface IToolResult
{
    string Summary { get; }

    IReadOnlyList<ToolFinding> Findings { get; }
}

/// <summary>A source that failed: the model and the trace see it, nobody guesses around it.</summary>
public sealed record ToolFailure(string Source, string Error) : IToolResult
{
    public string Summary => $"{Source} unavailable: {Error}";

    public IReadOnlyList<ToolFinding> Findings => [];
}

public sealed record AccountOverview(
    string Name, PlanTier Plan, string Region, PlanLimits Limits, AccountUsage Usage, bool SsoEnabled,
    string Summary, IReadOnlyList<ToolFinding> Findings) : IToolResult;

public sealed record RunRetentionResult(int Days, DateTimeOffset OldestKept, string Summary, IReadOnlyList<ToolFinding> Findings) : IToolResult;

public sealed record PendingInvitationsResult(int Named, string Summary, IReadOnlyList<ToolFinding> Findings) : IToolResult;

public sealed record ApiKeyView(string Prefix, string Name, string Status, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);

public sealed record ApiKeysResult(IReadOnlyList<ApiKeyView> Keys, string Summary, IReadOnlyList<ToolFinding> Findings) : IToolResult;

public sealed record ConfigChangeView(string Id, DateTimeOffset At, string ActorRole, string Setting, string? From, string? To);

public sealed record ConfigChangesResult(IReadOnlyList<ConfigChangeView> Changes, string Summary, IReadOnlyList<ToolFinding> Findings) : IToolResult;

public sealed record WebhookEndpointView(string Id, string Url, string Status, string? DisabledReason, IReadOnlyList<string> Events);

public sealed record WebhookEndpointsResult(IReadOnlyList<WebhookEndpointView> Endpoints, string Summary, IReadOnlyList<ToolFinding> Findings) : IToolResult;

public sealed record RequesterAccessResult(string? Role, string? Status, string Summary, IReadOnlyList<ToolFinding> Findings) : IToolResult;

/// <summary>A group of similar log lines: the template, how many, when first and last seen, one example.</summary>
public sealed record LogPattern(string Service, string Level, string? ErrorCode, int? HttpStatus, string Template, int Count, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, string Example);

public sealed record LogSearchResult(int TotalMatched, bool Truncated, IReadOnlyList<LogPattern> Patterns, string Summary, IReadOnlyList<ToolFinding> Findings) : IToolResult;

/// <summary>
/// Log patterns that first appeared after a deploy or configuration change and never occurred in the
/// baseline hours before it (at most a few), with how many lines each side of the change were compared.
/// </summary>
public sealed record NewLogPatternsResult(
    DateTimeOffset ChangeAt, int BaselineHours, int LinesBefore, int LinesAfter, bool Truncated, IReadOnlyList<LogPattern> Patterns,
    string Summary, IReadOnlyList<ToolFinding> Findings) : IToolResult;

public sealed record AffectedAccountsResult(string Signature, int Accounts, int WindowHours, string Summary, IReadOnlyList<ToolFinding> Findings) : IToolResult;

public sealed record DeployView(string Id, string Service, string Version, string Region, DateTimeOffset At, string Summary, DateTimeOffset? RolledBackAt);

public sealed record DeploysResult(IReadOnlyList<DeployView> Deploys, string Summary, IReadOnlyList<ToolFinding> Findings) : IToolResult;

public sealed record IncidentView(string Id, string Name, string Status, string Impact, IReadOnlyList<string> Components, DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt, string? LatestUpdate);

public sealed record IncidentsResult(IReadOnlyList<IncidentView> Incidents, string Summary, IReadOnlyList<ToolFinding> Findings) : IToolResult;

public sealed record KnowledgeHitView(string ArticleId, string Title, string Section, string Excerpt, double Score);

public sealed record KnowledgeResult(IReadOnlyList<KnowledgeHitView> Hits, string Summary, IReadOnlyList<ToolFinding> Findings) : IToolResult;

public sealed record SimilarCaseView(string CaseKey, string Summary, string RootCause, string Resolution, string Disposition, string Type, double Score, int Occurrences);

public sealed record SimilarCasesResult(IReadOnlyList<SimilarCaseView> Cases, string Summary, IReadOnlyList<ToolFinding> Findings) : IToolResult;

/// <summary>An evidence item as a tool's caller sees it: the id to cite and the finding.</summary>
public sealed record EvidenceRef(string Id, string Finding);

/// <summary>What a tool call returns through the kernel: the trace step, the evidence it produced, and the result itself.</summary>
public sealed record ToolReply(string Step, IReadOnlyList<EvidenceRef> Evidence, object Result);
