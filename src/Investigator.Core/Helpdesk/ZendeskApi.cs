using Refit;

namespace Investigator.Core.Helpdesk;

/// <summary>
/// The part of Zendesk's Support API that write-back uses. Tags go through Add Tags, which keeps the
/// ticket's other tags: Zendesk documents that Update Ticket's <c>tags</c> replaces them, and
/// <c>additional_tags</c> only for Update Many Tickets.
/// </summary>
public interface IZendeskApi
{
    /// <summary>Update Ticket: here only to add one comment (private when <see cref="ZendeskComment.Public"/> is false).</summary>
    [Put("/api/v2/tickets/{ticketId}.json")]
    Task UpdateTicketAsync(long ticketId, [Body] ZendeskTicketUpdate update, CancellationToken cancellationToken);

    /// <summary>Add Tags: adds to the ticket's tags without replacing any.</summary>
    [Put("/api/v2/tickets/{ticketId}/tags")]
    Task AddTagsAsync(long ticketId, [Body] ZendeskTags tags, CancellationToken cancellationToken);
}

/// <summary>The body of Update Ticket: <c>{"ticket": {"comment": {...}}}</c>.</summary>
public sealed record ZendeskTicketUpdate(ZendeskTicketChanges Ticket);

/// <summary>The ticket's changes: one comment and nothing else, so no other field is touched.</summary>
public sealed record ZendeskTicketChanges(ZendeskComment Comment);

/// <summary>A comment in plain text; <c>public: false</c> makes it an internal note only agents see.</summary>
public sealed record ZendeskComment(string Body, bool Public);

/// <summary>The body of Add Tags: <c>{"tags": [...]}</c>.</summary>
public sealed record ZendeskTags(IReadOnlyList<string> Tags);
