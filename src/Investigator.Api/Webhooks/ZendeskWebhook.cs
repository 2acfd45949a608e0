using System.Text.Json;
using Investigator.Core.Intake;

namespace Investigator.Api.Webhooks;

/// <summary>
/// POST /v1/webhooks/zendesk: the JSON body of a Zendesk webhook that triggers call ("Notify active webhook"), one
/// trigger per event. Zendesk signs each request: <c>X-Zendesk-Webhook-Signature</c> is
/// base64(HMAC-SHA256(signing secret, <c>X-Zendesk-Webhook-Signature-Timestamp</c> + raw body)). The delivery id is
/// <c>X-Zendesk-Webhook-Invocation-Id</c> (or <c>X-Delivery-Id</c>, or else a hash of the body); the revision is
/// <c>X-Ticket-Revision</c> or else <c>ticket.updated_at</c>.
/// <code>
/// {
///   "event": "created",              // "comment" in the end-user comment trigger, "solved" in the solved trigger
///   "ticket": {
///     "id": "{{ticket.id}}",
///     "subject": "{{ticket.title}}",
///     "description": "{{ticket.description}}",
///     "latest_comment": "{{ticket.latest_public_comment}}",
///     "status": "{{ticket.status}}",
///     "created_at": "{{ticket.created_at_with_timestamp}}",
///     "updated_at": "{{ticket.updated_at_with_timestamp}}",
///     "tags": "{{ticket.tags}}",
///     "via": "{{ticket.via}}",
///     "requester": { "email": "{{ticket.requester.email}}", "name": "{{ticket.requester.name}}" }
///   }
/// }
/// </code>
/// </summary>
internal sealed class ZendeskWebhook : HelpdeskWebhook
{
    public static readonly ZendeskWebhook Instance = new();

    public const string SignatureHeader = "X-Zendesk-Webhook-Signature";
    public const string TimestampHeader = "X-Zendesk-Webhook-Signature-Timestamp";
    public const string InvocationIdHeader = "X-Zendesk-Webhook-Invocation-Id";

    private static readonly Dictionary<string, string> TicketFields = new(StringComparer.Ordinal)
    {
        ["requester.email"] = "ticket.requester.email",
        ["subject"] = "ticket.subject",
        ["body"] = "ticket.description",
        ["createdAt"] = "ticket.created_at",
    };

    public override string Source => "zendesk";

    public override string ConfigurationKey => "Webhooks:Zendesk:Secret";

    public override bool IsConfigured(WebhookOptions options) => options.Zendesk.Configured;

    public override string? DeliveryIdFrom(IHeaderDictionary headers) => base.DeliveryIdFrom(headers) ?? Header(headers, InvocationIdHeader);

    public override Verdict Verify(IHeaderDictionary headers, byte[] body, WebhookOptions options, DateTimeOffset now)
    {
        var signature = Header(headers, SignatureHeader);
        if (signature is null)
        {
            return Verdict.Refused("missing signature");
        }

        var timestamp = Header(headers, TimestampHeader);
        if (timestamp is null)
        {
            return Verdict.Refused("missing timestamp");
        }

        var presented = WebhookSignatures.FromBase64(signature);
        var expected = WebhookSignatures.Hmac(options.Zendesk.Secret!, timestamp, body);
        if (presented is null || !WebhookSignatures.SignatureMatches(expected, presented))
        {
            return Verdict.Refused("bad signature");
        }

        return WebhookSignatures.CheckTimestamp(timestamp, now, options.MaxClockSkew);
    }

    public override PayloadResult Read(byte[] body, IHeaderDictionary headers, DateTimeOffset now)
    {
        var fields = new PayloadFields();
        using var document = fields.Parse(body);
        if (document is null)
        {
            return PayloadResult.Invalid(fields.Errors);
        }

        var root = document.RootElement;
        var kind = ReadEvent(fields, fields.Text(root, "event", "event"), "event");
        if (fields.Object(root, "ticket", "ticket") is not { } t)
        {
            return PayloadResult.Invalid(fields.Errors);
        }

        var id = fields.Text(t, "id", "ticket.id", required: true);
        var createdAt = fields.Time(fields.Text(t, "created_at", "ticket.created_at"), "ticket.created_at");
        var updatedRaw = fields.Text(t, "updated_at", "ticket.updated_at");
        var updatedAt = fields.Time(updatedRaw, "ticket.updated_at");
        var requester = t.TryGetProperty("requester", out var r) && r.ValueKind == JsonValueKind.Object ? r : (JsonElement?)null;
        var email = requester is { } who ? fields.Text(who, "email", "ticket.requester.email") : null;
        var name = requester is { } named ? fields.Text(named, "name", "ticket.requester.name") : null;
        var status = fields.Text(t, "status", "ticket.status");
        var latest = fields.Text(t, "latest_comment", "ticket.latest_comment", required: kind == HelpdeskEvent.Comment);
        var author = fields.Text(t, "latest_comment_author", "ticket.latest_comment_author");

        var comment = kind == HelpdeskEvent.Comment && latest is not null
            ? new TicketComment(author ?? name ?? email ?? "requester", latest, updatedAt ?? now)
            : null;
        var ticket = new Ticket
        {
            ExternalId = id,
            Source = Source,
            Subject = fields.Text(t, "subject", "ticket.subject") ?? "",
            Body = fields.Text(t, "description", "ticket.description") ?? "",
            BodyFormat = "text",
            Requester = new Requester(email?.Trim() ?? "", name),
            CreatedAt = createdAt ?? (kind == HelpdeskEvent.Created ? updatedAt : null),
            Channel = fields.Text(t, "via", "ticket.via"),
            Tags = fields.Tags(t, "tags", "ticket.tags", ' ', ','),
            Comments = comment is null ? [] : [comment],
            Metadata = status is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["helpdeskStatus"] = status },
        };

        var deliveryId = DeliveryIdOrBodyHash(headers, body);
        var revision = Header(headers, RevisionHeader) ?? updatedRaw?.Trim();
        CheckKeys(fields, deliveryId, InvocationIdHeader, revision, "ticket.updated_at");
        if (kind is HelpdeskEvent.Created or HelpdeskEvent.Comment)
        {
            ValidateTicket(fields, ticket, TicketFields);
        }

        return fields.HasErrors || kind is null || id is null
            ? PayloadResult.Invalid(fields.Errors)
            : PayloadResult.Of(new HelpdeskDelivery(Source, deliveryId, revision, kind.Value, ticket with { ExternalId = id.Trim() }, comment));
    }
}
