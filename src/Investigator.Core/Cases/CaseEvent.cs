using System.Text.Json;
using Investigator.Core.Decisioning;

namespace Investigator.Core.Cases;

/// <summary>
/// The SLA-relevant moments in a case's life; what the helpdesk said about the ticket since (the customer
/// commented, so the case is investigated again; an agent marked the ticket solved, and learning still waits
/// for a lead's confirmed resolution); and the moments of its processing a person must act on (the case was
/// parked after failing every allowed attempt; a person asked for it to be tried again), and what was posted back
/// to the helpdesk ticket (or why not, after the last attempt); and a lead's review (the draft approved or edited,
/// a part of the decision overridden, a new investigation asked for).
/// </summary>
public enum CaseEventKind
{
    Opened, Acknowledged, Escalated, SlaBreached, Resolved, CustomerCommented, HelpdeskSolved, Parked, RetryRequested, HelpdeskPosted, HelpdeskNotPosted,
    DraftApproved, DraftEdited, Overridden, ReinvestigationRequested,
}

/// <summary>The part of a decision a lead can override.</summary>
public enum OverrideField { Disposition, Priority, Route }

/// <summary>Which SLA target a breach missed.</summary>
public enum SlaMeasure { FirstResponse, Resolution }

/// <summary>
/// One entry of a case's append-only timeline: what happened, when, and who (a person, or the service part
/// that acted: <c>intake</c>, <c>decisioning</c>, <c>sla-monitor</c>, <c>processing</c>).
/// </summary>
public sealed record CaseEvent(CaseEventKind Kind, DateTimeOffset At, string By, string? Detail = null)
{
    /// <summary>For <see cref="CaseEventKind.Escalated"/>: the tier reached (<c>tier2</c>, <c>tier3</c>, <c>management</c>).</summary>
    public string? Tier { get; init; }

    /// <summary>For <see cref="CaseEventKind.Escalated"/>: what made the case escalate.</summary>
    public EscalationTrigger? Trigger { get; init; }

    /// <summary>For <see cref="CaseEventKind.SlaBreached"/>: the target missed.</summary>
    public SlaMeasure? Breach { get; init; }

    /// <summary>For <see cref="CaseEventKind.SlaBreached"/>: when the target was due.</summary>
    public DateTimeOffset? Due { get; init; }

    /// <summary>For <see cref="CaseEventKind.Overridden"/>: the part of the decision a lead changed.</summary>
    public OverrideField? Field { get; init; }

    /// <summary>
    /// For <see cref="CaseEventKind.Overridden"/>: the value before, as the contract writes it (<c>productDefect</c>,
    /// <c>P2</c>, <c>tier1/triage</c>).
    /// </summary>
    public string? From { get; init; }

    /// <summary>For <see cref="CaseEventKind.Overridden"/>: the value after, as <see cref="From"/>.</summary>
    public string? To { get; init; }

    /// <summary>For <see cref="CaseEventKind.DraftEdited"/>: whether the edited draft passed the grounding and leak checks.</summary>
    public bool? CheckPassed { get; init; }
}

/// <summary>One missed SLA target of one case, as <c>GET /v1/sla/breaches</c> lists it.</summary>
public sealed record SlaBreach(string CaseId, Priority? Priority, SlaMeasure Breached, DateTimeOffset? Due, DateTimeOffset BreachedAt, string? CurrentTier);

/// <summary>One page of SLA breaches, the most recently recorded first.</summary>
public sealed record SlaBreachPage(IReadOnlyList<SlaBreach> Items, int Page, int PageSize, int Total);

/// <summary>Tier names as the policy and the contract write them (<c>tier1</c>), so policy tiers and <c>management</c> compare.</summary>
public static class TierNames
{
    public static string Of(SupportTier tier) => JsonNamingPolicy.CamelCase.ConvertName(tier.ToString());
}
