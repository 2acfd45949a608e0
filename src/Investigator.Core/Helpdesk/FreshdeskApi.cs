using Refit;

namespace Investigator.Core.Helpdesk;

/// <summary>
/// The part of Freshdesk's API v2 that write-back uses. Freshdesk has no call that adds tags: Update
/// Ticket's <c>tags</c> replaces them, so write-back reads the ticket's tags and sends them back with its
/// own (see <see cref="FreshdeskTickets"/>).
/// </summary>
public interface IFreshdeskApi
{
    /// <summary>Add Note: HTML; <c>private: true</c> keeps it from the requester.</summary>
    [Post("/api/v2/tickets/{ticketId}/notes")]
    Task AddNoteAsync(long ticketId, [Body] FreshdeskNote note, CancellationToken cancellationToken);

    /// <summary>Reply to a ticket: a public reply the requester receives.</summary>
    [Post("/api/v2/tickets/{ticketId}/reply")]
    Task ReplyAsync(long ticketId, [Body] FreshdeskReply reply, CancellationToken cancellationToken);

    [Get("/api/v2/tickets/{ticketId}")]
    Task<FreshdeskTicket> GetTicketAsync(long ticketId, CancellationToken cancellationToken);

    /// <summary>Update Ticket with only <c>tags</c>, which replaces the ticket's whole tag list.</summary>
    [Put("/api/v2/tickets/{ticketId}")]
    Task SetTagsAsync(long ticketId, [Body] FreshdeskTags tags, CancellationToken cancellationToken);
}

/// <summary>The body of Add Note.</summary>
public sealed record FreshdeskNote(string Body, bool Private);

/// <summary>The body of Reply to a ticket.</summary>
public sealed record FreshdeskReply(string Body);

/// <summary>The body of Update Ticket when only the tags change.</summary>
public sealed record FreshdeskTags(IReadOnlyList<string> Tags);

/// <summary>The fields of a ticket write-back reads.</summary>
public sealed record FreshdeskTicket(long Id, IReadOnlyList<string>? Tags);
