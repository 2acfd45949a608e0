using Investigator.Api.Processing;
using System.Text.Json;
using Investigator.Core.Cases;
using Investigator.Core.Diagnostics;

namespace Investigator.Api.Webhooks;

/// <summary>What a delivery did: the HTTP answer follows from it.</summary>
internal enum InboxOutcome
{
    /// <summary>A new case was stored and queued.</summary>
    Created,

    /// <summary>The customer's comment was added to the case, which is queued to be investigated again.</summary>
    Commented,

    /// <summary>The helpdesk's "solved" was written on the case's timeline.</summary>
    Solved,

    /// <summary>Nothing to do: a "solved" for a ticket that never became a case.</summary>
    Ignored,

    /// <summary>A replay (of the delivery id, or of the ticket revision), or nothing new for a case that exists.</summary>
    Duplicate,

    /// <summary>Not handled now (the same delivery is being handled, or the case kept changing under the comment); the sender should retry.</summary>
    RetryLater,
}

/// <summary>The outcome of a delivery, the case it concerns (null when none), and for <see cref="InboxOutcome.RetryLater"/> why.</summary>
internal sealed record InboxResult(InboxOutcome Outcome, string? CaseId, string? RetryReason = null);

/// <summary>
/// Turns verified helpdesk deliveries into case work, exactly once per delivery. A delivery is claimed in the
/// <see cref="IDeliveryLog"/> before its work and completed with its case after it, all before the helpdesk gets its
/// 2xx; a replay of the delivery id or of the ticket revision gets the first delivery's case and changes nothing.
/// <list type="bullet">
/// <item>created: the ticket is accepted as a new case (stored queued, then put on the backlog).</item>
/// <item>comment: the comment is added to the case's ticket, the case goes back to queued with a
/// <see cref="CaseEventKind.CustomerCommented"/> event, and is investigated again; a ticket with no case yet is
/// handled as created.</item>
/// <item>solved: a <see cref="CaseEventKind.HelpdeskSolved"/> event; learning waits for a lead's confirmed
/// resolution, never the helpdesk's status.</item>
/// </list>
/// </summary>
internal sealed class WebhookInbox(
    IDeliveryLog deliveries, ICaseStore store, Caseworker caseworker, CaseBacklog backlog, TicketLocks locks, TimeProvider time, ILogger<WebhookInbox> logger)
{
    /// <summary>How many times a comment is written over a case that another write changed in the meantime.</summary>
    private const int CommentWriteAttempts = 5;

    public async Task<InboxResult> ReceiveAsync(HelpdeskDelivery delivery, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Helpdesk"] = delivery.Source, ["DeliveryId"] = delivery.DeliveryId });
        using var held = await locks.EnterAsync(delivery.Source, delivery.ExternalId, cancellationToken);
        var record = new DeliveryRecord(delivery.Source, delivery.DeliveryId, delivery.ExternalId, delivery.Revision, Name(delivery.Event))
        {
            // Created and comment may open the case: its id is reserved with the claim, before the case is stored.
            ProposedCaseId = delivery.Event == HelpdeskEvent.Solved ? null : SupportCase.NewId(),
        };
        var claim = await deliveries.ClaimAsync(record, cancellationToken);
        switch (claim.Outcome)
        {
            case DeliveryClaimOutcome.Duplicate:
                InvestigatorMetrics.Delivery(delivery.Source, "duplicate");
                logger.LogInformation("Webhook {Helpdesk} delivery {DeliveryId} for ticket {ExternalId} is a replay; case {CaseId}",
                    delivery.Source, delivery.DeliveryId, delivery.ExternalId, claim.CaseId ?? "-");
                return new InboxResult(InboxOutcome.Duplicate, claim.CaseId);
            case DeliveryClaimOutcome.InProgress:
                InvestigatorMetrics.Delivery(delivery.Source, "retry_later");
                return new InboxResult(InboxOutcome.RetryLater, null, "The same delivery is being handled right now.");
        }

        InboxResult result;
        try
        {
            result = delivery.Event switch
            {
                HelpdeskEvent.Created => await CreateAsync(delivery, claim.TicketCaseId!),
                HelpdeskEvent.Comment => await CommentAsync(delivery, claim.TicketCaseId!, cancellationToken),
                _ => await SolvedAsync(delivery),
            };
            InvestigatorMetrics.Delivery(delivery.Source, JsonNamingPolicy.SnakeCaseLower.ConvertName(result.Outcome.ToString()));
            if (result.Outcome == InboxOutcome.RetryLater)
            {
                await deliveries.ReleaseAsync(claim, CancellationToken.None);
                return result;
            }

            // Completed whatever the sender does now: the work is done, and a released claim would be done again.
            if (!await deliveries.CompleteAsync(claim, result.CaseId, CancellationToken.None))
            {
                logger.LogWarning("Webhook {Helpdesk} delivery {DeliveryId} outlived its claim; another handler took it over", delivery.Source, delivery.DeliveryId);
            }
        }
        catch
        {
            await deliveries.ReleaseAsync(claim, CancellationToken.None);
            throw;
        }

        if (result.Outcome is InboxOutcome.Created or InboxOutcome.Commented)
        {
            backlog.Enqueue(result.CaseId!);
        }

        logger.LogInformation("Webhook {Helpdesk} delivery {DeliveryId}: {Event} for ticket {ExternalId}, {Outcome} case {CaseId}",
            delivery.Source, delivery.DeliveryId, Name(delivery.Event), delivery.ExternalId, result.Outcome, result.CaseId ?? "-");
        return result;
    }

    /// <summary>
    /// A new case for the ticket under the id its claim reserved, or the ticket's case when an earlier delivery already
    /// stored it. The id is reserved with the claim, before the case is stored: a delivery cut short between the two (a
    /// crash) leaves the id, and the helpdesk's retry stores the case under it, so the ticket never becomes two cases.
    /// </summary>
    private async Task<InboxResult> CreateAsync(HelpdeskDelivery delivery, string caseId)
    {
        if (await store.GetAsync(caseId, CancellationToken.None) is not null)
        {
            return new InboxResult(InboxOutcome.Duplicate, caseId);
        }

        var accepted = await caseworker.AcceptAsync(delivery.Ticket, caseId, CancellationToken.None);
        return new InboxResult(InboxOutcome.Created, accepted.Id);
    }

    /// <summary>
    /// Adds the comment to the case's ticket and queues the case to be investigated again, in one write over the case
    /// as read: a write that lost to another (the worker finishing or starting an investigation) is redone on the case
    /// as it now is. An investigation in progress when the comment lands never overwrites it: the worker's final write
    /// is conditional too, and the case is investigated again with the comment.
    /// </summary>
    private async Task<InboxResult> CommentAsync(HelpdeskDelivery delivery, string caseId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(caseId, cancellationToken) is null)
        {
            return await CreateAsync(delivery, caseId);
        }

        var comment = delivery.Comment!;
        for (var attempt = 1; attempt <= CommentWriteAttempts; attempt++)
        {
            var current = await store.GetAsync(caseId, cancellationToken);
            if (current is null)
            {
                return await CreateAsync(delivery, caseId);
            }

            var ticket = current.Ticket;
            if (ticket.Body.Trim() == comment.Body.Trim() || ticket.Comments.Any(c => c.Body == comment.Body && c.CreatedAt == comment.CreatedAt))
            {
                return new InboxResult(InboxOutcome.Duplicate, current.Id);
            }

            var now = time.GetUtcNow();
            var commented = current with
            {
                Status = CaseStatus.Queued,
                UpdatedAt = now > current.UpdatedAt ? now : current.UpdatedAt.AddTicks(1),
                Error = null,
                NextAttemptAt = null,
                Ticket = ticket with { Comments = [.. ticket.Comments, comment] },
            };
            var noted = new CaseEvent(CaseEventKind.CustomerCommented, now, delivery.Source,
                $"The customer commented on {delivery.Source} ticket {delivery.ExternalId}; the case is investigated again with the comment.");
            if (await store.UpdateIfUnchangedAsync(current, commented, [noted], CancellationToken.None) is not null)
            {
                return new InboxResult(InboxOutcome.Commented, current.Id);
            }
        }

        return new InboxResult(InboxOutcome.RetryLater, caseId, $"Case {caseId} kept changing while the comment was added; the comment can be added when it settles.");
    }

    private async Task<InboxResult> SolvedAsync(HelpdeskDelivery delivery)
    {
        var caseId = await deliveries.FindCaseAsync(delivery.Source, delivery.ExternalId, CancellationToken.None);
        if (caseId is null)
        {
            return new InboxResult(InboxOutcome.Ignored, null);
        }

        var solved = new CaseEvent(CaseEventKind.HelpdeskSolved, time.GetUtcNow(), delivery.Source,
            $"{delivery.Source} marked ticket {delivery.ExternalId} solved. Nothing is learned until a lead confirms the resolution (POST /v1/cases/{caseId}/resolution).");
        return await store.AppendEventsAsync(caseId, [solved], CancellationToken.None) is null
            ? new InboxResult(InboxOutcome.Ignored, null)
            : new InboxResult(InboxOutcome.Solved, caseId);
    }

    private static string Name(HelpdeskEvent kind) => kind.ToString().ToLowerInvariant();
}
