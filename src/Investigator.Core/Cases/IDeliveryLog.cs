namespace Investigator.Core.Cases;

/// <summary>
/// One helpdesk webhook delivery as the log keys it: the helpdesk it came from, its delivery id, the ticket it
/// is about and the ticket's revision when the helpdesk sent one. The event (created, comment, solved) is kept
/// for diagnosis only; it is not part of any key.
/// </summary>
public sealed record DeliveryRecord(string Source, string DeliveryId, string ExternalId, string? Revision, string Event)
{
    /// <summary>
    /// For a delivery that may open a case: the id that case gets if the ticket has none yet. A claim records it for
    /// the ticket in the same transaction (see <see cref="DeliveryClaim.TicketCaseId"/>), before the case is stored.
    /// </summary>
    public string? ProposedCaseId { get; init; }
}

/// <summary>What claiming a delivery found.</summary>
public enum DeliveryClaimOutcome
{
    /// <summary>The delivery is new and this caller holds it: do the work, then complete or release the claim.</summary>
    Claimed,

    /// <summary>The same delivery id, or the same ticket revision, was already handled; <see cref="DeliveryClaim.CaseId"/> is its case.</summary>
    Duplicate,

    /// <summary>Another caller holds the delivery and has not finished it yet; the sender should retry later.</summary>
    InProgress,
}

/// <summary>
/// The answer to <see cref="IDeliveryLog.ClaimAsync"/>: a claim token when the caller now holds the delivery, or the
/// case of the delivery handled before (null when that delivery needed no case).
/// </summary>
public sealed record DeliveryClaim(DeliveryClaimOutcome Outcome, string? Token = null, string? CaseId = null)
{
    /// <summary>
    /// For a claim of a delivery with a <see cref="DeliveryRecord.ProposedCaseId"/>: the ticket's case id, the proposed
    /// one or the one an earlier delivery reserved. A delivery killed between its claim and storing its case leaves the
    /// id, and the helpdesk's retry stores the case under the same id instead of opening a second one.
    /// </summary>
    public string? TicketCaseId { get; init; }
}

/// <summary>
/// The durable record of helpdesk webhook deliveries, and of which case each helpdesk ticket became. A delivery is
/// claimed before its work and completed (with its case) after it, both before the helpdesk gets its 2xx, so a
/// replay of the delivery id, or of the same ticket revision, finds the first delivery's case and does nothing else.
/// </summary>
public interface IDeliveryLog
{
    /// <summary>
    /// Records the delivery unless its delivery id (per source) or its (source, ticket, revision) is already recorded,
    /// in one atomic insert, so two identical deliveries at the same moment yield exactly one claim. A claim whose
    /// holder never finished (a crash) can be taken over once its lease has run out. A claimed delivery with a
    /// <see cref="DeliveryRecord.ProposedCaseId"/> also reserves the ticket's case id in the same transaction.
    /// </summary>
    Task<DeliveryClaim> ClaimAsync(DeliveryRecord delivery, CancellationToken cancellationToken);

    /// <summary>
    /// Marks a claimed delivery handled, with the case it created or changed (null for none), and maps its ticket to
    /// that case, in one transaction. False when the claim was no longer held (its lease ran out and another caller
    /// took it over).
    /// </summary>
    Task<bool> CompleteAsync(DeliveryClaim claim, string? caseId, CancellationToken cancellationToken);

    /// <summary>Forgets a claimed delivery whose work failed, so that the helpdesk's retry is handled as new.</summary>
    Task ReleaseAsync(DeliveryClaim claim, CancellationToken cancellationToken);

    /// <summary>The case a helpdesk ticket became, or null when none of its deliveries created one.</summary>
    Task<string?> FindCaseAsync(string source, string externalId, CancellationToken cancellationToken);
}
