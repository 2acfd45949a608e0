using System.Text.Json;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;
using Investigator.Core.Learning;
using Microsoft.Extensions.Logging;

namespace Investigator.Core.Cases;

/// <summary>
/// Accepts tickets and works cases: a ticket is stored before anything else happens (nothing accepted
/// is lost), then the pipeline runs and the case is updated with everything it produced, or with the
/// error of the failed attempt and when the next one is due (parked once it has used them all). Also
/// re-queues due and requested retries, records acknowledgements and confirmed resolutions (handing the
/// latter to learning), and writes each SLA and processing moment on the case's timeline.
/// </summary>
public sealed class Caseworker(
    ICaseStore store, CasePipeline pipeline, ICaseLearner learner, TimeProvider time, ILogger<Caseworker> logger, KnowledgeGapFinder? knowledgeGaps = null, CaseLeasing? leasing = null)
{
    private readonly CaseLeasing _leasing = leasing ?? CaseLeasing.Embedded;

    /// <summary>Who writes processing moments (parked) on the timeline.</summary>
    public const string By = "processing";

    /// <summary>Stores a new case for the ticket; it is processed later by <see cref="ProcessAsync"/>.</summary>
    public Task<SupportCase> AcceptAsync(Ticket ticket, CancellationToken cancellationToken) =>
        AcceptAsync(ticket, SupportCase.NewId(), cancellationToken);

    /// <summary>
    /// Stores a new case for the ticket under an id the caller chose beforehand (a webhook delivery records it before
    /// the case exists, so a delivery repeated after a crash between the two finds the same id, not a second case).
    /// The case is stored with this instance's lease: it waits in this instance's queue, and another instance takes it
    /// only if this one stops renewing the lease.
    /// </summary>
    public async Task<SupportCase> AcceptAsync(Ticket ticket, string caseId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caseId);
        var now = time.GetUtcNow();
        var supportCase = new SupportCase(caseId, CaseStatus.Queued, now, now, ticket)
        {
            Timeline = [new CaseEvent(CaseEventKind.Opened, now, "intake", $"Accepted from {ticket.Source}.")],
        };
        await store.InsertAsync(supportCase, _leasing.At(now), cancellationToken);
        InvestigatorMetrics.Accepted(ticket.Source);
        logger.LogInformation("Accepted case {CaseId} from {Source} ticket {ExternalId}", supportCase.Id, ticket.Source, ticket.ExternalId ?? "-");
        return supportCase;
    }

    /// <summary>
    /// Runs the pipeline for a queued case and stores the outcome; safe to call again for a case a crash left
    /// investigating. The case is claimed with this instance's lease first: a case another instance holds, or in any
    /// other status, is returned as stored. The outcome is stored only while the lease is still held. When the pipeline fails (a layer's
    /// <see cref="LayerFailedException"/> or anything unexpected) the case is stored as <see cref="CaseStatus.Failed"/>
    /// with its error and the time of its next attempt on <paramref name="retries"/>' backoff, or, once it has failed
    /// <see cref="CaseRetryPolicy.MaxAttempts"/> times, as <see cref="CaseStatus.Parked"/> with a timeline event.
    /// </summary>
    /// <exception cref="OperationCanceledException">
    /// <paramref name="cancellationToken"/> interrupted the attempt (the service is stopping): the case is back in the
    /// store as queued, as it was before the attempt, which therefore does not count.
    /// </exception>
    public async Task<SupportCase> ProcessAsync(string caseId, CaseRetryPolicy retries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retries);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["CaseId"] = caseId });
        // The root of the case's telemetry: the layer and tool-call activities nest under it.
        using var activity = CasePipeline.Activities.StartActivity("case");
        activity?.SetTag("investigator.case_id", caseId);
        var before = await store.GetAsync(caseId, cancellationToken) ?? throw new KeyNotFoundException($"Case {caseId} does not exist.");
        if (before.Status is not (CaseStatus.Queued or CaseStatus.Investigating))
        {
            return before;
        }

        var claimed = before with { Status = CaseStatus.Investigating, Attempts = before.Attempts + 1, UpdatedAt = time.GetUtcNow(), Error = null, NextAttemptAt = null };
        var supportCase = claimed;
        if (await store.ClaimAsync(before, claimed, _leasing.At(claimed.UpdatedAt), claimed.UpdatedAt, cancellationToken) is null)
        {
            // Another instance holds the case, or another worker or a person moved it since it was read; theirs is the case now.
            return await store.GetAsync(caseId, cancellationToken) ?? before;
        }

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
        catch (Exception ex) when (cancellationToken.IsCancellationRequested)
        {
            // Interrupted, not failed (whatever a layer made of the cancellation): back to the queue as the case was,
            // so the attempt does not count toward parking. A case changed meanwhile (a comment queued it) is queued already.
            // The lease is given up with it: whichever instance runs next takes the case at once.
            await store.FinishAsync(claimed, before with { Status = CaseStatus.Queued, UpdatedAt = time.GetUtcNow() }, [], null, _leasing.Owner, CancellationToken.None);
            logger.LogInformation("Case {CaseId} was interrupted in attempt {Attempt} and is back in the queue", caseId, claimed.Attempts);
            InvestigatorMetrics.Processed("interrupted");
            if (ex is OperationCanceledException)
            {
                throw;
            }

            throw new OperationCanceledException($"Case {caseId} was interrupted.", ex, cancellationToken);
        }
        catch (Exception ex)
        {
            // Anything else, a source's own timeout included, is a failed attempt: stored with its error, never left investigating.
            return await FailAsync(claimed, ex, retries);
        }

        // The outcome is stored even if the caller gave up waiting: the work is done. Only over the case as claimed:
        // a customer comment that arrived meanwhile queued the case again, and this outcome, which never saw the
        // comment, must not overwrite it; nor may an instance whose lease ran out and was taken over. A ticket from a
        // helpdesk gets its write-back due in the same write.
        var post = HelpdeskPost.IsFor(supportCase.Ticket) ? HelpdeskPost.DueNow(supportCase.UpdatedAt) : null;
        if (await store.FinishAsync(claimed, supportCase, [], post, _leasing.Owner, CancellationToken.None) is not { } stored)
        {
            logger.LogInformation("Case {CaseId} changed while it was investigated (a new customer comment, or another instance took it over); this outcome is dropped", caseId);
            InvestigatorMetrics.Processed("superseded");
            return await store.GetAsync(caseId, CancellationToken.None) ?? claimed;
        }

        InvestigatorMetrics.Processed("completed");
        return await RecordEscalationAsync(stored) ?? stored;
    }

    /// <summary>Stores a failed attempt: failed with its next attempt scheduled, or parked when it was the last one allowed.</summary>
    private async Task<SupportCase> FailAsync(SupportCase claimed, Exception ex, CaseRetryPolicy retries)
    {
        var now = time.GetUtcNow();
        var error = ex is LayerFailedException ? ex.Message : $"Processing failed unexpectedly: {ex.Message}";
        SupportCase failed;
        List<CaseEvent> events = [];
        if (claimed.Attempts >= retries.MaxAttempts)
        {
            failed = claimed with { Status = CaseStatus.Parked, UpdatedAt = now, Error = error, NextAttemptAt = null };
            events.Add(new CaseEvent(CaseEventKind.Parked, now, By, $"Parked after {failed.Attempts} failed attempts; last error: {error}"));
            logger.LogError(ex, "Case {CaseId} failed attempt {Attempt} of {MaxAttempts} and is parked until a person retries it", failed.Id, failed.Attempts, retries.MaxAttempts);
        }
        else
        {
            failed = claimed with { Status = CaseStatus.Failed, UpdatedAt = now, Error = error, NextAttemptAt = now + retries.DelayAfter(claimed.Attempts, Random.Shared.NextDouble()) };
            logger.LogWarning(ex, "Case {CaseId} failed attempt {Attempt} of {MaxAttempts}; next attempt at {NextAttemptAt}", failed.Id, failed.Attempts, retries.MaxAttempts, failed.NextAttemptAt);
        }

        InvestigatorMetrics.Processed(failed.Status == CaseStatus.Parked ? "parked" : "failed");
        // Against the case as this worker claimed it: the status and its event land in one write (nobody reads a parked
        // case that does not say why), and a case something else moved meanwhile is left as that left it.
        return await store.FinishAsync(claimed, failed, events, null, _leasing.Owner, CancellationToken.None)
            ?? await store.GetAsync(claimed.Id, CancellationToken.None) ?? failed;
    }

    /// <summary>
    /// Moves a failed case whose next attempt is due back to the queue. False when it is not due or no longer failed
    /// (a person retried it, another worker took it): then there is nothing to enqueue.
    /// </summary>
    public async Task<bool> RequeueDueAsync(string caseId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var supportCase = await store.GetAsync(caseId, cancellationToken);
        if (supportCase is not { Status: CaseStatus.Failed, NextAttemptAt: { } due } || due > now)
        {
            return false;
        }

        return await store.UpdateIfUnchangedAsync(supportCase, supportCase with { Status = CaseStatus.Queued, UpdatedAt = now, NextAttemptAt = null }, [], cancellationToken) is not null;
    }

    /// <summary>
    /// A person's retry of a failed or parked case: it goes back to the queue with a fresh set of attempts (the
    /// timeline records who asked, after how many attempts and the last error), and the caller enqueues it.
    /// </summary>
    /// <exception cref="KeyNotFoundException">There is no such case.</exception>
    /// <exception cref="InvalidOperationException">The case is neither failed nor parked, or changed while being retried.</exception>
    public async Task<SupportCase> RetryAsync(string caseId, string requestedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedBy);
        var supportCase = await store.GetAsync(caseId, cancellationToken) ?? throw new KeyNotFoundException($"Case {caseId} does not exist.");
        if (supportCase.Status is not (CaseStatus.Failed or CaseStatus.Parked))
        {
            throw new InvalidOperationException($"Case {caseId} is {StatusName(supportCase.Status)}: only a failed or parked case can be retried.");
        }

        var now = time.GetUtcNow();
        var requeued = supportCase with { Status = CaseStatus.Queued, UpdatedAt = now, NextAttemptAt = null, Attempts = 0 };
        var requested = new CaseEvent(CaseEventKind.RetryRequested, now, requestedBy.Trim(),
            $"Re-queued from {StatusName(supportCase.Status)} after {supportCase.Attempts} attempts; last error: {supportCase.Error ?? "none recorded"}");
        var stored = await store.UpdateIfUnchangedAsync(supportCase, requeued, [requested], cancellationToken)
            ?? throw new InvalidOperationException($"Case {caseId} changed while it was being retried; read it again.");
        logger.LogInformation("Case {CaseId} re-queued by a person after {Attempts} attempts", caseId, supportCase.Attempts);
        return stored;
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

    private static string StatusName(CaseStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    /// <summary>An optional field as the lead wrote it, or null when left blank.</summary>
    private static string? Recorded(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>
/// How a failed case is retried: attempt n failed, the next one waits <see cref="BaseDelay"/> × 2^(n−1), plus up to
/// <see cref="Jitter"/> of that at random (so cases that failed together do not all come back together), at most
/// <see cref="MaxDelay"/>; after <see cref="MaxAttempts"/> failed attempts the case is parked.
/// </summary>
public sealed record CaseRetryPolicy
{
    public CaseRetryPolicy(int maxAttempts, TimeSpan baseDelay, TimeSpan maxDelay, double jitter = 0.2)
    {
        MaxAttempts = maxAttempts;
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
        Jitter = jitter;
    }

    /// <summary>Five attempts, 5 s after the first failure, doubling, at most 10 minutes apart.</summary>
    public static CaseRetryPolicy Default { get; } = new(5, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10));

    public int MaxAttempts
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxAttempts), value, "At least one attempt.");
    }

    public TimeSpan BaseDelay
    {
        get;
        init => field = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(BaseDelay), value, "The base delay must be positive.");
    }

    public TimeSpan MaxDelay
    {
        get;
        init => field = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(MaxDelay), value, "The longest delay must be positive.");
    }

    public double Jitter
    {
        get;
        init => field = value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Jitter), value, "Jitter is a share between 0 and 1.");
    }

    /// <summary>The wait after failed attempt <paramref name="failedAttempts"/> (1 for the first), for a random <paramref name="unit"/> in [0, 1).</summary>
    public TimeSpan DelayAfter(int failedAttempts, double unit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        // In seconds as a double: 2^n overflows nothing there, and the cap applies before a TimeSpan is made.
        var seconds = BaseDelay.TotalSeconds * Math.Pow(2, failedAttempts - 1) * (1 + (Jitter * Math.Clamp(unit, 0, 1)));
        // Whole milliseconds: nothing finer matters, and the result does not depend on the last bit of a double.
        return TimeSpan.FromMilliseconds(Math.Round(Math.Min(seconds, MaxDelay.TotalSeconds) * 1000));
    }
}
