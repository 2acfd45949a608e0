namespace Investigator.Core.Helpdesk;

/// <summary>One helpdesk's writes to a ticket, in its own API's terms. Failures are the API client's exceptions.</summary>
public interface IHelpdeskTickets
{
    HelpdeskKind Kind { get; }

    Task AddPrivateNoteAsync(long ticketId, HelpdeskNote note, CancellationToken cancellationToken);

    /// <summary>Adds the tags and keeps the ticket's others.</summary>
    Task AddTagsAsync(long ticketId, IReadOnlyList<string> tags, CancellationToken cancellationToken);

    /// <summary>A reply the requester receives. Only <see cref="HelpdeskWriteBack"/>'s checks decide to call it.</summary>
    Task PostPublicReplyAsync(long ticketId, string body, CancellationToken cancellationToken);
}

/// <summary>Zendesk: notes and replies are comments on Update Ticket; tags go through Add Tags.</summary>
public sealed class ZendeskTickets(IZendeskApi api) : IHelpdeskTickets
{
    public HelpdeskKind Kind => HelpdeskKind.Zendesk;

    public Task AddPrivateNoteAsync(long ticketId, HelpdeskNote note, CancellationToken cancellationToken) =>
        api.UpdateTicketAsync(ticketId, new ZendeskTicketUpdate(new ZendeskTicketChanges(new ZendeskComment(note.ToPlainText(), Public: false))), cancellationToken);

    public Task AddTagsAsync(long ticketId, IReadOnlyList<string> tags, CancellationToken cancellationToken) =>
        api.AddTagsAsync(ticketId, new ZendeskTags(tags), cancellationToken);

    public Task PostPublicReplyAsync(long ticketId, string body, CancellationToken cancellationToken) =>
        api.UpdateTicketAsync(ticketId, new ZendeskTicketUpdate(new ZendeskTicketChanges(new ZendeskComment(body, Public: true))), cancellationToken);
}

/// <summary>
/// Freshdesk: notes and replies have their own calls. Update Ticket replaces the whole tag list, so the
/// ticket's tags are read first and sent back with the new ones (nothing is sent when all are there). A
/// tag someone adds between the read and the write is lost: Freshdesk offers no atomic way to add one.
/// </summary>
public sealed class FreshdeskTickets(IFreshdeskApi api) : IHelpdeskTickets
{
    public HelpdeskKind Kind => HelpdeskKind.Freshdesk;

    public Task AddPrivateNoteAsync(long ticketId, HelpdeskNote note, CancellationToken cancellationToken) =>
        api.AddNoteAsync(ticketId, new FreshdeskNote(note.ToHtml(), Private: true), cancellationToken);

    public async Task AddTagsAsync(long ticketId, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        var current = (await api.GetTicketAsync(ticketId, cancellationToken)).Tags ?? [];
        var missing = tags.Where(t => !current.Contains(t, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0)
        {
            await api.SetTagsAsync(ticketId, new FreshdeskTags([.. current, .. missing]), cancellationToken);
        }
    }

    public Task PostPublicReplyAsync(long ticketId, string body, CancellationToken cancellationToken) =>
        api.ReplyAsync(ticketId, new FreshdeskReply(HelpdeskNote.Paragraphs(body)), cancellationToken);
}
