namespace Investigator.Core.Cases;

/// <summary>Where posting a case's results back to its helpdesk ticket stands.</summary>
public enum HelpdeskPostStatus
{
    /// <summary>Due at <see cref="HelpdeskPost.DueAt"/>: the case completed and its ticket has not had this result yet.</summary>
    Pending,

    /// <summary>The private note and tags (and the public reply, where allowed) are on the ticket.</summary>
    Posted,

    /// <summary>Nothing was sent and nothing will be (the helpdesk is not configured, the ticket id is not a number).</summary>
    Skipped,

    /// <summary>Every allowed attempt failed; <see cref="HelpdeskPost.LastError"/> says how. A person posts it by hand.</summary>
    GaveUp,
}

/// <summary>
/// The durable outbox entry of a case's write-back to the helpdesk ticket it came from. It is set to
/// <see cref="HelpdeskPostStatus.Pending"/> in the same write that stores the completed investigation, so a crash
/// between that write and the post loses nothing: the next start finds it due. Each attempt records what it got
/// on the ticket (<see cref="NotePosted"/>, <see cref="TagsAdded"/>) so a retry does not post the note twice.
/// </summary>
public sealed record HelpdeskPost(HelpdeskPostStatus Status, DateTimeOffset? DueAt, int Attempts = 0)
{
    /// <summary>The private note is on the ticket (for this investigation).</summary>
    public bool NotePosted { get; init; }

    /// <summary>The disposition and priority tags are on the ticket.</summary>
    public bool TagsAdded { get; init; }

    /// <summary>Why the last attempt failed, or why nothing was sent.</summary>
    public string? LastError { get; init; }

    /// <summary>When the post was completed (or skipped, or given up).</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>A post due now, for a case whose investigation just completed.</summary>
    public static HelpdeskPost DueNow(DateTimeOffset now) => new(HelpdeskPostStatus.Pending, now);

    /// <summary>
    /// Whether a case's ticket came from a helpdesk that results are posted back to (Zendesk or Freshdesk) with a
    /// ticket id. Whether that helpdesk is configured is the poster's business: an unconfigured one is recorded as
    /// skipped, with the reason, on the case.
    /// </summary>
    public static bool IsFor(Intake.Ticket ticket) =>
        !string.IsNullOrWhiteSpace(ticket.ExternalId)
        && (string.Equals(ticket.Source?.Trim(), "zendesk", StringComparison.OrdinalIgnoreCase)
            || string.Equals(ticket.Source?.Trim(), "freshdesk", StringComparison.OrdinalIgnoreCase));
}
