using Investigator.Core.Cases;
using Investigator.Core.Decisioning;
using Investigator.Core.Drafting;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;

namespace Investigator.Evals.Runner;

/// <summary>
/// What the engine produced for one case, reduced to what the scorer reads. Keeping the scorer on this
/// flat record makes every metric checkable with hand-made inputs.
/// </summary>
public sealed record Observed
{
    public string? Account { get; init; }
    public ProblemCategory Category { get; init; }
    public string? Product { get; init; }
    public string? Version { get; init; }
    public IReadOnlyList<string> Identifiers { get; init; } = [];
    public IReadOnlyList<string> ErrorCodes { get; init; } = [];
    public string? Action { get; init; }
    public string? ExpectedOutcome { get; init; }
    public string? ActualOutcome { get; init; }
    public IReadOnlyList<string> MissingFields { get; init; } = [];
    public IReadOnlyList<string> QuestionsAsked { get; init; } = [];
    public IReadOnlyList<string> UntrustedAccounts { get; init; } = [];
    public IReadOnlyList<ImmediateRisk> Risks { get; init; } = [];
    public IReadOnlyList<(string Source, string Key, EvidenceStance Stance)> Evidence { get; init; } = [];
    public double? TimeToFirstEvidenceMs { get; init; }
    public int ToolCalls { get; init; }
    public Disposition Disposition { get; init; }
    public CaseType Type { get; init; }
    public Priority Priority { get; init; }
    public SupportTier Tier { get; init; }
    public bool Escalated { get; init; }
    public bool Immediate { get; init; }
    public EscalationTrigger? Trigger { get; init; }
    public IReadOnlyList<string> Citations { get; init; } = [];
    public IReadOnlyList<string> EvidenceIds { get; init; } = [];
    public bool Grounded { get; init; }
    public int ClaimsChecked { get; init; }
    public int UnsupportedClaims { get; init; }
    public string Reply { get; init; } = "";
    public double LatencyMs { get; init; }
    public double IntakeMs { get; init; }
    public string Trace { get; init; } = "";

    /// <summary>The rules behind the decision (its rationale), in order.</summary>
    public IReadOnlyList<string> DecisionRules { get; init; } = [];

    /// <summary>Model round trips and tokens for the case (model engine only).</summary>
    public int? RoundTrips { get; init; }
    public int? Tokens { get; init; }

    public static Observed From(CaseOutcome o, double latencyMs)
    {
        var tools = o.Trace.Where(t => t.Kind == TraceStepKind.ToolCall).ToList();
        var start = o.Trace.Where(t => t.Kind == TraceStepKind.ToolCall).Select(t => t.StartedAt).DefaultIfEmpty().Min();
        var firstEvidenceStep = o.Investigation.Evidence.Select(e => tools.FirstOrDefault(t => t.Id == e.TraceStepId)).OfType<TraceStep>().MinBy(t => t.StartedAt);
        return new Observed
        {
            Account = o.Facts.Account?.Id.Value,
            Category = o.Facts.Category.Value,
            Product = o.Facts.Product?.Value,
            Version = o.Facts.Version?.Value,
            Identifiers = o.Facts.Identifiers.Select(i => i.Value.Value).ToList(),
            ErrorCodes = o.Facts.ErrorCodes.Select(c => c.Value).ToList(),
            Action = o.Facts.ActionAttempted?.Value,
            ExpectedOutcome = o.Facts.ExpectedOutcome?.Value,
            ActualOutcome = o.Facts.ActualOutcome?.Value,
            MissingFields = o.Facts.Missing.Select(m => m.Field).ToList(),
            QuestionsAsked = o.Decision.QuestionsToAsk.Select(m => m.Field).ToList(),
            UntrustedAccounts = o.Facts.UntrustedAccountClaims.Select(c => c.ClaimedAccountId).ToList(),
            Risks = o.Facts.Risks.Select(r => r.Value).ToList(),
            Evidence = o.Investigation.Evidence.Select(e => (e.Source, e.Key, e.Stance)).ToList(),
            TimeToFirstEvidenceMs = firstEvidenceStep is null ? null : (firstEvidenceStep.StartedAt - start).TotalMilliseconds + firstEvidenceStep.DurationMs,
            ToolCalls = o.Investigation.Budget.ToolCalls,
            Disposition = o.Decision.Disposition,
            Type = o.Decision.Type,
            Priority = o.Decision.Priority,
            Tier = o.Decision.Route.Tier,
            Escalated = o.Decision.Escalation is not null,
            Immediate = o.Decision.Escalation?.Immediate == true,
            Trigger = o.Decision.Escalation?.Trigger,
            DecisionRules = o.Decision.Rationale.Select(r => r.Rule).ToList(),
            Citations = o.Draft.Citations,
            EvidenceIds = o.Investigation.Evidence.Select(e => e.Id).ToList(),
            Grounded = o.Draft.Check.Passed,
            ClaimsChecked = o.Draft.Check.ClaimsChecked,
            UnsupportedClaims = o.Draft.Check.Issues.Count(i => i.Kind == DraftIssueKind.UnsupportedClaim),
            Reply = o.Draft.Subject + "\n" + o.Draft.Body,
            LatencyMs = latencyMs,
            IntakeMs = o.Trace.FirstOrDefault(t => t.Kind == TraceStepKind.Layer && t.Name == "intake")?.DurationMs ?? 0,
            Trace = string.Join("\n", o.Trace.Select(t => $"{t.Id} {t.Kind} {t.Name} → {t.Outcome} ({t.DurationMs:0.###} ms): {t.Message}")),
        };
    }
}
