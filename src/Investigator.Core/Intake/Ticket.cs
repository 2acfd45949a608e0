namespace Investigator.Core.Intake;

/// <summary>
/// A helpdesk ticket in the generic format. Zendesk and Freshdesk payloads are mapped to this shape
/// at the webhook edge, so every layer sees one contract.
/// </summary>
public sealed record Ticket
{
    /// <summary>The helpdesk's own id for the ticket, when there is one.</summary>
    public string? ExternalId { get; init; }

    /// <summary>Which helpdesk sent it: generic, zendesk, freshdesk, file.</summary>
    public string Source { get; init; } = "generic";

    public string Subject { get; init; } = "";

    public string Body { get; init; } = "";

    /// <summary>"text" or "html".</summary>
    public string BodyFormat { get; init; } = "text";

    public Requester Requester { get; init; } = new("", null);

    /// <summary>When the customer opened the ticket; relative phrases ("since yesterday") are resolved against it.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    public string? Channel { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Later comments on the ticket, oldest first.</summary>
    public IReadOnlyList<TicketComment> Comments { get; init; } = [];

    public IReadOnlyList<TicketAttachment> Attachments { get; init; } = [];

    /// <summary>Free key/value metadata from the helpdesk (custom fields, brand, priority set by the customer).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}

public sealed record Requester(string Email, string? Name);

public sealed record TicketComment(string Author, string Body, DateTimeOffset CreatedAt, bool Public = true);

public sealed record TicketAttachment(string Name, string ContentType, long Size);
