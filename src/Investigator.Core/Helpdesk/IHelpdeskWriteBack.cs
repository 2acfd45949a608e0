using Investigator.Core.Cases;

namespace Investigator.Core.Helpdesk;

/// <summary>
/// Writes a finished case back to the ticket it came from: the draft and the internal note as one
/// private note, tags for the disposition and the priority, and a public reply only where configuration
/// allows that kind of message and the draft passed its checks.
/// </summary>
public interface IHelpdeskWriteBack
{
    /// <summary>
    /// Posts the case's results to its helpdesk ticket. Never throws for the helpdesk's answers or for a
    /// case it cannot write back: those are a <see cref="WriteBackResult"/>. The caller's cancellation propagates.
    /// </summary>
    Task<WriteBackResult> PostAsync(SupportCase supportCase, CancellationToken cancellationToken);
}

/// <summary>The helpdesks results can be written back to.</summary>
public enum HelpdeskKind { Zendesk, Freshdesk }

/// <summary>What came of a write-back.</summary>
public enum WriteBackOutcome
{
    /// <summary>Everything due was written: the note, the tags and, when allowed, the public reply.</summary>
    Posted,

    /// <summary>Nothing was sent; <see cref="WriteBackResult.SkipReason"/> says why.</summary>
    Skipped,

    /// <summary>A request failed after its last attempt; the flags say what was written before it.</summary>
    Failed,
}

/// <summary>Why a case was not written back.</summary>
public enum WriteBackSkipReason
{
    /// <summary>The ticket came from neither Zendesk nor Freshdesk (a generic or file ticket).</summary>
    UnsupportedSource,

    /// <summary>The ticket has no helpdesk id to write to.</summary>
    MissingExternalId,

    /// <summary>The helpdesk id is not a ticket number.</summary>
    InvalidExternalId,

    /// <summary>The ticket's helpdesk has no BaseUrl in configuration.</summary>
    NotConfigured,

    /// <summary>The case has no draft (it has not completed).</summary>
    NoDraft,
}

/// <summary>
/// The result of <see cref="IHelpdeskWriteBack.PostAsync"/>. On failure, <see cref="StatusCode"/> is the
/// helpdesk's status after the last attempt (null when it never answered) and <see cref="RetryAfter"/> the
/// wait it asked for. The steps run in order (note, tags, public reply); when a later one fails,
/// <see cref="NotePosted"/> is already true, and posting again would add a second note.
/// </summary>
public sealed record WriteBackResult(WriteBackOutcome Outcome, string Message)
{
    public HelpdeskKind? Helpdesk { get; init; }

    public string? TicketId { get; init; }

    public WriteBackSkipReason? SkipReason { get; init; }

    public int? StatusCode { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    public bool NotePosted { get; init; }

    public bool TagsAdded { get; init; }

    public bool PublicReplyPosted { get; init; }

    /// <summary>The tags written (or that were to be written).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    public bool Succeeded => Outcome == WriteBackOutcome.Posted;

    public static WriteBackResult Skipped(WriteBackSkipReason reason, string message) =>
        new(WriteBackOutcome.Skipped, message) { SkipReason = reason };
}
