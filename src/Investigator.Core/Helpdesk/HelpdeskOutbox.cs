using Investigator.Core.Cases;
using Investigator.Core.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Investigator.Core.Helpdesk;

/// <summary>
/// Posts completed cases back to their helpdesk tickets from the durable outbox the store keeps on each case
/// (<see cref="SupportCase.HelpdeskPost"/>, set due in the write that completes the investigation). A post is
/// claimed for one poster, handed to <see cref="IHelpdeskWriteBack"/>, and its outcome recorded on the case with a
/// timeline event: posted; not posted (the ticket id is not a number; an unconfigured helpdesk is recorded without an
/// event); or failed, due
/// again on a backoff that honours the helpdesk's Retry-After, and given up after
/// <see cref="HelpdeskOptions.PostAttempts"/>. What an attempt got on the ticket is kept, so a retry does not post the
/// note twice. A poster killed between the helpdesk's answer and the record can leave a second note: at least once.
/// </summary>
public sealed class HelpdeskOutbox(ICaseStore store, IHelpdeskWriteBack writeBack, HelpdeskOptions options, TimeProvider time, ILogger<HelpdeskOutbox> logger)
{
    /// <summary>Who writes write-back moments on the timeline.</summary>
    public const string By = "helpdesk-write-back";

    /// <summary>Posts every write-back due now, one after the other; returns how many were posted.</summary>
    public async Task<int> PostDueAsync(CancellationToken cancellationToken)
    {
        var posted = 0;
        foreach (var caseId in await store.ListHelpdeskPostsDueAsync(time.GetUtcNow(), cancellationToken))
        {
            if (await PostAsync(caseId, cancellationToken) is { Succeeded: true })
            {
                posted++;
            }
        }

        return posted;
    }

    /// <summary>
    /// Posts one case's write-back if it is due and no other poster has it; null when there was nothing to post. The
    /// caller's cancellation (a stop) propagates, and the post is due again at once for the next start.
    /// </summary>
    public async Task<WriteBackResult?> PostAsync(string caseId, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["CaseId"] = caseId });
        var now = time.GetUtcNow();
        var lease = now + TimeSpan.FromSeconds(options.PostLeaseSeconds);
        if (await store.ClaimHelpdeskPostAsync(caseId, now, lease, cancellationToken) is not { HelpdeskPost: { } pending } claimed)
        {
            return null;
        }

        WriteBackResult result;
        try
        {
            result = await writeBack.PostAsync(claimed, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await RecordAsync(caseId, lease, pending with { DueAt = time.GetUtcNow() }, []);
            throw;
        }

        var (post, events) = Outcome(pending, result, time.GetUtcNow());
        InvestigatorMetrics.Posted(post.Status switch
        {
            HelpdeskPostStatus.Posted => "posted",
            HelpdeskPostStatus.Skipped => "skipped",
            HelpdeskPostStatus.GaveUp => "gave_up",
            _ => "failed",
        });
        await RecordAsync(caseId, lease, post, events);
        return result;
    }

    /// <summary>The case's post after <paramref name="result"/>, and the timeline events that say so.</summary>
    private (HelpdeskPost Post, IReadOnlyList<CaseEvent> Events) Outcome(HelpdeskPost pending, WriteBackResult result, DateTimeOffset now)
    {
        var attempts = pending.Attempts + 1;
        switch (result.Outcome)
        {
            case WriteBackOutcome.Posted:
                return (pending with { Status = HelpdeskPostStatus.Posted, DueAt = null, Attempts = attempts, NotePosted = true, TagsAdded = result.TagsAdded, LastError = null, FinishedAt = now },
                    [new CaseEvent(CaseEventKind.HelpdeskPosted, now, By, result.Message)]);
            case WriteBackOutcome.Skipped:
                // A helpdesk left unconfigured is a choice of the deployment, said on the case but not on its timeline.
                return (pending with { Status = HelpdeskPostStatus.Skipped, DueAt = null, Attempts = attempts, LastError = result.Message, FinishedAt = now },
                    result.SkipReason == WriteBackSkipReason.NotConfigured ? [] : [new CaseEvent(CaseEventKind.HelpdeskNotPosted, now, By, $"Not posted: {result.Message}")]);
        }

        var progress = pending with
        {
            Attempts = attempts,
            NotePosted = pending.NotePosted || result.NotePosted,
            TagsAdded = pending.TagsAdded || result.TagsAdded,
            LastError = result.Message,
        };
        var retries = options.PostRetries();
        if (attempts >= retries.MaxAttempts)
        {
            logger.LogError("Write-back to {Helpdesk} ticket {TicketId} failed {Attempts} times and is given up: {Problem}", result.Helpdesk, result.TicketId, attempts, result.Message);
            return (progress with { Status = HelpdeskPostStatus.GaveUp, DueAt = null, FinishedAt = now },
                [new CaseEvent(CaseEventKind.HelpdeskNotPosted, now, By,
                    $"Given up after {attempts} attempts{(progress.NotePosted ? " (the private note is on the ticket)" : "")}: {result.Message}")]);
        }

        var wait = retries.DelayAfter(attempts, Random.Shared.NextDouble());
        if (result.RetryAfter is { } asked && asked > wait)
        {
            wait = asked;
        }

        logger.LogWarning("Write-back to {Helpdesk} ticket {TicketId} failed attempt {Attempt} of {MaxAttempts}; due again at {DueAt}: {Problem}",
            result.Helpdesk, result.TicketId, attempts, retries.MaxAttempts, now + wait, result.Message);
        return (progress with { DueAt = now + wait }, []);
    }

    private async Task RecordAsync(string caseId, DateTimeOffset lease, HelpdeskPost post, IReadOnlyList<CaseEvent> events)
    {
        // Not the caller's token: what reached the helpdesk is recorded even when the service is stopping.
        if (await store.RecordHelpdeskPostAsync(caseId, lease, post, events, CancellationToken.None) is null)
        {
            logger.LogInformation("Case {CaseId} was investigated again while its write-back was posted; the new outcome is posted next", caseId);
        }
    }
}
