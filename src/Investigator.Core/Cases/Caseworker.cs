using Investigator.Core.Intake;
using Investigator.Core.Learning;
using Microsoft.Extensions.Logging;

namespace Investigator.Core.Cases;

/// <summary>
/// Accepts tickets and works cases: a ticket is stored before anything else happens (nothing accepted
/// is lost), then the pipeline runs and the case is updated with everything it produced, or with the
/// error of the layer that failed. Also records acknowledgements and confirmed resolutions (handing the
/// latter to learning), and writes each SLA moment on the case's timeline.
/// </summary>
public sealed class Caseworker(ICaseStore store, CasePipeline pipeline, ICaseLearner learner, TimeProvider time, ILogger<Caseworker> logger, KnowledgeGapFinder? knowledgeGaps = null)
{
    /// <summary>Stores a new case for the ticket; it is processed later by <see cref="ProcessAsync"/>.</summary>
    public async Task<SupportCase> AcceptAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var supportCase = new SupportCase(SupportCase.NewId(), CaseStatus.Queued, now, now, ticket)
        {
            Timeline = [new CaseEvent(CaseEventKind.Opened, now, "intake", $"Accepted from {ticket.Source}.")],
        };
        await store.InsertAsync(supportCase, cancellationToken);
        logger.LogInformation("Accepted case {CaseId} from {Source} ticket {ExternalId}", supportCase.Id, ticket.Source, ticket.ExternalId ?? "-");
        return supportCase;
    }

    /// <summary>Runs the pipeline for a stored case and stores the outcome. Safe to call again for an interrupted case.</summary>
    public async Task<SupportCase> ProcessAsync(string caseId, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["CaseId"] = caseId });
        // The root of the case's telemetry: the layer and tool-call activities nest under it.
        using var activity = CasePipeline.Activities.StartActivity("case");
        activity?.SetTag("investigator.case_id", caseId);
        var supportCase = await store.GetAsync(caseId, cancellationToken) ?? throw new KeyNotFoundException($"Case {caseId} does not exist.");
        if (supportCase.Status is not (CaseStatus.Queued or CaseStatus.Investigating or CaseStatus.Failed))
        {
            return supportCase;
        }

        supportCase = supportCase with { Status = CaseStatus.Investigating, Attempts = supportCase.Attempts + 1, UpdatedAt = time.GetUtcNow(), Error = null };
        await store.UpdateAsync(supportCase, cancellationToken);
        try
        {
            var outcome = await pipeline.RunAsync(supportCase.Ticket, cancellationToken);
            supportCase = supportCase with
            {
                Status = CaseStatus.Completed,
                UpdatedAt = time.GetUtcNow(),
                Facts = outcome.Facts,
                Investigation = outcome.Investigation,
                Decision = outcome.Decision,
                Draft = outcome.Draft,
                Trace = outcome.Trace,
            };
            logger.LogInformation("Case {CaseId} completed: {Disposition} {Priority} to {Queue}, {Evidence} evidence, draft {DraftKind}",
                caseId, outcome.Decision.Disposition, outcome.Decision.Priority, outcome.Decision.Route.Queue, outcome.Investigation.Evidence.Count, outcome.Draft.Kind);
        }
        catch (LayerFailedException ex)
        {
            logger.LogError(ex, "Case {CaseId} failed in {Layer}", caseId, ex.Layer);
            supportCase = supportCase with { Status = CaseStatus.Failed, UpdatedAt = time.GetUtcNow(), Error = ex.Message };
        }

        // The outcome is stored even if the caller gave up waiting: the work is done.
        await store.UpdateAsync(supportCase, CancellationToken.None);
        return await RecordEscalationAsync(supportCase) ?? supportCase;
    }

    /// <summary>
    /// Records the first response to a case: a lead or agent acknowledged it. Only the first acknowledgement counts
    /// for the SLA; a later one returns the case unchanged.
    /// </summary>
    /// <exception cref="KeyNotFoundException">There is no such case.</exception>
    /// <exception cref="InvalidOperationException">The case is already resolved.</exception>
    public async Task<SupportCase> AcknowledgeAsync(string caseId, string acknowledgedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(acknowledgedBy);
        var supportCase = await store.GetAsync(caseId, cancellationToken) ?? throw new KeyNotFoundException($"Case {caseId} does not exist.");
        if (supportCase.Status == CaseStatus.Resolved)
        {
            throw new InvalidOperationException($"Case {caseId} is already resolved.");
        }

        if (supportCase.Timeline.Any(e => e.Kind == CaseEventKind.Acknowledged))
        {
            return supportCase;
        }

        var now = time.GetUtcNow();
        var acknowledged = await store.AppendEventsAsync(caseId, [new CaseEvent(CaseEventKind.Acknowledged, now, acknowledgedBy.Trim())], cancellationToken)
            ?? throw new KeyNotFoundException($"Case {caseId} does not exist.");
        logger.LogInformation("Case {CaseId} acknowledged (first response due {FirstResponseDue})", caseId, supportCase.Decision?.Sla.FirstResponseDue);
        return acknowledged;
    }

    /// <summary>The decision's escalation as a timeline event, once; null when there is none to record.</summary>
    private async Task<SupportCase?> RecordEscalationAsync(SupportCase supportCase)
    {
        if (supportCase.Status != CaseStatus.Completed || supportCase.Decision?.Escalation is not { } escalation
            || supportCase.Timeline.Any(e => e.Kind == CaseEventKind.Escalated && e.By == "decisioning"))
        {
            return null;
        }

        var tier = TierNames.Of(escalation.Target);
        var escalated = new CaseEvent(CaseEventKind.Escalated, supportCase.UpdatedAt, "decisioning", escalation.Reason) { Tier = tier, Trigger = escalation.Trigger };
        logger.LogInformation("Case {CaseId} escalated to {Tier} by {Trigger} at decision time", supportCase.Id, tier, escalation.Trigger);
        return await store.AppendEventsAsync(supportCase.Id, [escalated], CancellationToken.None);
    }

    /// <summary>Records a lead's confirmed resolution and writes the case to memory.</summary>
    public Task<SupportCase> ResolveAsync(string caseId, string rootCause, string resolution, string confirmedBy, CancellationToken cancellationToken) =>
        ResolveAsync(caseId, new CaseConfirmation(rootCause, resolution, confirmedBy), cancellationToken);

    /// <summary>
    /// Records a lead's confirmed resolution, writes the case to memory, reports an incident or an escalated
    /// case, and drafts a help article when this case completes a cluster the knowledge base does not answer.
    /// </summary>
    public async Task<SupportCase> ResolveAsync(string caseId, CaseConfirmation confirmation, CancellationToken cancellationToken)
    {
        var (rootCause, resolution, confirmedBy) = (confirmation.RootCause, confirmation.Resolution, confirmation.ConfirmedBy);
        var supportCase = await store.GetAsync(caseId, cancellationToken) ?? throw new KeyNotFoundException($"Case {caseId} does not exist.");
        if (supportCase.Facts is null || supportCase.Decision is null)
        {
            throw new InvalidOperationException($"Case {caseId} is {supportCase.Status}: only an investigated case can be resolved.");
        }

        var facts = supportCase.Facts;
        var names = new[] { facts.RequesterName?.Value }.OfType<string>().ToList();
        var resolved = PersonalDataScrubber.Scrub(
            new ResolvedCase(
                caseId,
                facts.Account?.Id.Value,
                facts.Product?.Value ?? "unknown",
                facts.Category.Value,
                supportCase.Decision.Disposition,
                supportCase.Decision.Type,
                facts.ProblemStatement.Value,
                rootCause,
                resolution,
                supportCase.Investigation?.Evidence.Where(e => e.Stance == Investigation.EvidenceStance.Supports).Select(e => e.Finding).ToList() ?? [],
                [facts.Category.Value.ToString(), .. facts.ErrorCodes.Select(c => c.Value).Take(5)],
                time.GetUtcNow(),
                confirmedBy)
            {
                Verification = Recorded(confirmation.Verification),
                Prevention = Recorded(confirmation.Prevention),
            },
            names);
        var learned = await learner.LearnAsync(resolved, cancellationToken);
        var now = time.GetUtcNow();
        var suggestion = knowledgeGaps is null ? null : await knowledgeGaps.SuggestAsync(resolved, now, cancellationToken);
        supportCase = supportCase with
        {
            Status = CaseStatus.Resolved,
            UpdatedAt = now,
            Resolution = new CaseResolution(rootCause, resolution, confirmedBy, now, learned)
            {
                Verification = confirmation.Verification,
                Prevention = confirmation.Prevention,
                LessonsLearned = confirmation.LessonsLearned,
                Report = CaseReport.For(supportCase, confirmation, now),
                SuggestedArticle = suggestion,
            },
        };
        await store.UpdateAsync(supportCase, cancellationToken);
        List<CaseEvent> events = [new CaseEvent(CaseEventKind.Resolved, now, confirmedBy)];
        var due = supportCase.Decision.Sla.ResolutionDue;
        // A late resolution is a breach even if the monitor never saw the case open past its due time.
        if (now > due && !supportCase.Timeline.Any(e => e is { Kind: CaseEventKind.SlaBreached, Breach: SlaMeasure.Resolution }))
        {
            events.Add(new CaseEvent(CaseEventKind.SlaBreached, now, SlaWatch.By, $"Resolved at {now:O}, due {due:O} ({supportCase.Decision.Priority}).")
            { Breach = SlaMeasure.Resolution, Due = due });
        }

        logger.LogInformation("Case {CaseId} resolved by a lead; memory {Learned}; report {Report}; article suggested {Suggested}; resolution SLA breached {Breached}",
            caseId, learned, supportCase.Resolution.Report is not null, suggestion is not null, events.Count > 1);
        return await store.AppendEventsAsync(caseId, events, cancellationToken) ?? supportCase;
    }

    /// <summary>An optional field as the lead wrote it, or null when left blank.</summary>
    private static string? Recorded(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
