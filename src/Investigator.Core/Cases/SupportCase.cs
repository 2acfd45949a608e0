using Investigator.Core.Decisioning;
using Investigator.Core.Drafting;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;
using Investigator.Core.Learning;

namespace Investigator.Core.Cases;

/// <summary>
/// Where a case is in its life. A <see cref="Failed"/> case waits for its automatic retry at
/// <see cref="SupportCase.NextAttemptAt"/>; a <see cref="Parked"/> one failed every attempt it was allowed and
/// waits for a person to retry it (<c>POST /v1/cases/{id}/retry</c>).
/// </summary>
public enum CaseStatus { Queued, Investigating, Completed, Failed, Resolved, Parked }

/// <summary>
/// A lead's confirmation of how a case was resolved, and what came of it: what learning did, the report of
/// an incident or escalated case, and a help article drafted when the knowledge base has a gap.
/// </summary>
public sealed record CaseResolution(string RootCause, string Resolution, string ConfirmedBy, DateTimeOffset ConfirmedAt, LearningOutcome Learned)
{
    public string? Verification { get; init; }

    public string? Prevention { get; init; }

    public string? LessonsLearned { get; init; }

    public CaseReport? Report { get; init; }

    public KnowledgeSuggestion? SuggestedArticle { get; init; }
}

/// <summary>
/// A support case: the ticket as received and everything each layer produced, with the trace. This
/// record is what the store persists and what the case API returns.
/// </summary>
public sealed record SupportCase(
    string Id,
    CaseStatus Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt,
    Ticket Ticket,
    CaseFacts? Facts = null,
    InvestigationResult? Investigation = null,
    Decision? Decision = null,
    Draft? Draft = null,
    IReadOnlyList<TraceStep>? Trace = null,
    CaseResolution? Resolution = null,
    string? Error = null,
    int Attempts = 0)
{
    /// <summary>
    /// The SLA timeline, oldest first and append-only: opened, acknowledged, escalated, SLA breached, resolved.
    /// Owned by the store (<see cref="ICaseStore.AppendEventsAsync"/>): an update of the case never rewrites it.
    /// Empty for a case stored before timelines existed.
    /// </summary>
    public IReadOnlyList<CaseEvent> Timeline { get; init; } = [];

    /// <summary>
    /// When a <see cref="CaseStatus.Failed"/> case is next tried, on the exponential backoff of <see cref="CaseRetryPolicy"/>;
    /// null in every other status. Stored beside the document, so a restart keeps the schedule. <see cref="Attempts"/>
    /// counts the attempts since the case was accepted or last retried by a person; an attempt interrupted by a
    /// shutdown is given back, one cut short by a crash is not (a case that crashes the service must still end up parked).
    /// </summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>
    /// The write-back of the latest investigation to the helpdesk ticket (null for a ticket from elsewhere). Like the
    /// timeline it is owned by the store: an update of the case keeps the stored one unless it sets it explicitly
    /// (<see cref="ICaseStore.UpdateIfUnchangedAsync(SupportCase, SupportCase, IReadOnlyList{CaseEvent}, HelpdeskPost, CancellationToken)"/>'s <c>post</c>, <see cref="ICaseStore.RecordHelpdeskPostAsync"/>).
    /// </summary>
    public HelpdeskPost? HelpdeskPost { get; init; }

    /// <summary>A new time-ordered case id.</summary>
    public static string NewId() => "case_" + Guid.CreateVersion7().ToString("N");
}

/// <summary>One page of cases, newest first.</summary>
public sealed record CasePage(IReadOnlyList<CaseSummary> Items, int Page, int PageSize, int Total);

/// <summary>
/// The work waiting in the store, as readiness reports it: cases queued, being investigated, failed with their retry
/// due or still scheduled, and parked (failed every allowed attempt; waiting for a person).
/// </summary>
public sealed record CaseQueueDepth(int Queued, int Investigating, int RetriesDue, int RetriesScheduled, int Parked);

/// <summary>
/// The row of a case list: what a lead sorts and picks cases by. The decision's parts are null before a decision;
/// <see cref="Acknowledged"/> says whether the timeline holds a first response (the first-response clock has stopped).
/// </summary>
public sealed record CaseSummary(
    string Id,
    CaseStatus Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt,
    string Subject,
    string? AccountId,
    Disposition? Disposition,
    Priority? Priority,
    SupportTier? Tier,
    string? Queue,
    DateTimeOffset? FirstResponseDue,
    DateTimeOffset? ResolutionDue,
    bool Acknowledged);
