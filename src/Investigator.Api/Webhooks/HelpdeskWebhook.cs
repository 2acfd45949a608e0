using System.Security.Cryptography;
using Investigator.Core.Intake;

namespace Investigator.Api.Webhooks;

/// <summary>What a helpdesk says happened to a ticket; the webhook body's <c>event</c> ("created", "comment", "solved").</summary>
public enum HelpdeskEvent { Created, Comment, Solved }

/// <summary>
/// A verified delivery read into the generic ticket: who sent it, its delivery id and ticket revision (the keys of
/// deduplication), the event, the ticket, and for a comment event the new comment.
/// </summary>
public sealed record HelpdeskDelivery(string Source, string DeliveryId, string? Revision, HelpdeskEvent Event, Ticket Ticket, TicketComment? Comment = null)
{
    /// <summary>The helpdesk's ticket id; every delivery has one (reading refuses a body without it).</summary>
    public string ExternalId => Ticket.ExternalId ?? throw new InvalidOperationException("A helpdesk delivery always names its ticket.");
}

/// <summary>Whether a delivery proved where it came from; when not, the reason, in words safe to log and return (never a body or a secret).</summary>
public readonly record struct Verdict(string? Refusal)
{
    public static Verdict Accepted => default;

    public bool IsAccepted => Refusal is null;

    public static Verdict Refused(string reason) => new(reason);
}

/// <summary>A delivery read from a body, or the problems found, each under the field (a JSON path or a header) it is about.</summary>
internal sealed record PayloadResult(HelpdeskDelivery? Delivery, IDictionary<string, string[]>? Errors)
{
    public static PayloadResult Of(HelpdeskDelivery delivery) => new(delivery, null);

    public static PayloadResult Invalid(IDictionary<string, string[]> errors) => new(null, errors);
}

/// <summary>
/// One helpdesk's webhook: whether it is configured, how a delivery proves it came from that helpdesk, and how its
/// body becomes a <see cref="HelpdeskDelivery"/>. The raw body is read once, as bytes, and given to both.
/// </summary>
internal abstract class HelpdeskWebhook
{
    /// <summary>The sender's delivery id, for any webhook; helpdesks that send none get one derived from the body.</summary>
    public const string DeliveryIdHeader = "X-Delivery-Id";

    /// <summary>The ticket's revision, for any webhook; the Zendesk and Freshdesk bodies may carry one instead.</summary>
    public const string RevisionHeader = "X-Ticket-Revision";

    private const int MaxKeyLength = 200;

    /// <summary>The ticket source and the name in logs and URLs: generic, zendesk, freshdesk.</summary>
    public abstract string Source { get; }

    /// <summary>The setting that turns the webhook on, named in the 404 problem when it is off.</summary>
    public abstract string ConfigurationKey { get; }

    public abstract bool IsConfigured(WebhookOptions options);

    /// <summary>The delivery id the sender put in a header, if any (logged with a refusal, before the body is trusted).</summary>
    public virtual string? DeliveryIdFrom(IHeaderDictionary headers) => Header(headers, DeliveryIdHeader);

    public abstract Verdict Verify(IHeaderDictionary headers, byte[] body, WebhookOptions options, DateTimeOffset now);

    public abstract PayloadResult Read(byte[] body, IHeaderDictionary headers, DateTimeOffset now);

    /// <summary>A header's value, or null when absent or blank.</summary>
    protected static string? Header(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var values) && values.ToString() is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>
    /// The delivery id for a helpdesk that may send none: the sender's, or one derived from the body, so that a
    /// resent identical body is recognised as the same delivery.
    /// </summary>
    protected string DeliveryIdOrBodyHash(IHeaderDictionary headers, byte[] body) =>
        DeliveryIdFrom(headers) ?? "sha256-" + Convert.ToHexStringLower(SHA256.HashData(body))[..32];

    /// <summary>Checks the delivery id and revision that key deduplication: present where required, short, printable.</summary>
    protected static void CheckKeys(PayloadFields fields, string? deliveryId, string deliveryField, string? revision, string revisionField)
    {
        if (deliveryId is null)
        {
            fields.Add(deliveryField, $"The delivery id is required: send a unique {DeliveryIdHeader} header with each delivery (the same one when it is retried).");
        }
        else if (!IsKey(deliveryId))
        {
            fields.Add(deliveryField, $"The delivery id must be printable and at most {MaxKeyLength} characters.");
        }

        if (revision is not null && !IsKey(revision))
        {
            fields.Add(revisionField, $"The ticket revision must be printable and at most {MaxKeyLength} characters.");
        }
    }

    /// <summary>The event named by a body or header: "created", "comment" or "solved".</summary>
    protected static HelpdeskEvent? ReadEvent(PayloadFields fields, string? value, string field, HelpdeskEvent? fallback = null)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "":
                if (fallback is null)
                {
                    fields.Add(field, "The event is required: \"created\", \"comment\" or \"solved\".");
                }

                return fallback;
            case "created": return HelpdeskEvent.Created;
            case "comment": return HelpdeskEvent.Comment;
            case "solved": return HelpdeskEvent.Solved;
            default:
                fields.Add(field, $"'{PayloadFields.Shorten(value)}' is not an event; use \"created\", \"comment\" or \"solved\".");
                return null;
        }
    }

    /// <summary>
    /// Validates the ticket a created or comment event may open a case with, as <c>POST /v1/investigations</c> does,
    /// naming each problem by the field of this helpdesk's body that it came from.
    /// </summary>
    protected static void ValidateTicket(PayloadFields fields, Ticket ticket, IReadOnlyDictionary<string, string> fieldNames)
    {
        foreach (var (field, messages) in Endpoints.TicketBody.Validate(ticket))
        {
            fields.Add(fieldNames.GetValueOrDefault(field, field), messages);
        }
    }

    private static bool IsKey(string value) => value.Length <= MaxKeyLength && value.All(c => c is >= ' ' and <= '~');
}
