using System.Net.Http.Headers;
using System.Text;
using Investigator.Core.Intake;

namespace Investigator.Api.Webhooks;

/// <summary>
/// POST /v1/webhooks/freshdesk: the JSON body of a Freshdesk automation rule's "Trigger webhook" action, one rule per
/// event. Freshdesk does not sign requests, so the rule proves itself with a shared secret in a custom header
/// (default <c>X-Freshdesk-Secret</c>) or with basic auth ("Requires authentication"); either is enough, and both are
/// compared in constant time. There is no signed timestamp: replays are caught by deduplication only. The delivery id
/// is <c>X-Delivery-Id</c> or else a hash of the body; the revision is <c>X-Ticket-Revision</c> or else
/// <c>freshdesk_webhook.ticket_updated_at</c> when the rule sends one.
/// <code>
/// {
///   "freshdesk_webhook": {
///     "event": "created",                  // "comment" in the customer-reply rule, "solved" in the resolved rule
///     "ticket_id": "{{ticket.id}}",
///     "ticket_subject": "{{ticket.subject}}",
///     "ticket_description": "{{ticket.description}}",
///     "ticket_contact_email": "{{ticket.contact.email}}",
///     "ticket_contact_name": "{{ticket.contact.name}}",
///     "ticket_status": "{{ticket.status}}",
///     "ticket_latest_public_comment": "{{ticket.latest_public_comment}}",
///     "ticket_tags": "{{ticket.tags}}"
///   }
/// }
/// </code>
/// </summary>
internal sealed class FreshdeskWebhook : HelpdeskWebhook
{
    public static readonly FreshdeskWebhook Instance = new();

    private const string Root = "freshdesk_webhook";

    private static readonly Dictionary<string, string> TicketFields = new(StringComparer.Ordinal)
    {
        ["requester.email"] = $"{Root}.ticket_contact_email",
        ["subject"] = $"{Root}.ticket_subject",
        ["body"] = $"{Root}.ticket_description",
        ["createdAt"] = $"{Root}.ticket_created_at",
    };

    public override string Source => "freshdesk";

    public override string ConfigurationKey => "Webhooks:Freshdesk:Secret (or Webhooks:Freshdesk:BasicUser and BasicPassword)";

    public override bool IsConfigured(WebhookOptions options) => options.Freshdesk.Configured;

    public override Verdict Verify(IHeaderDictionary headers, byte[] body, WebhookOptions options, DateTimeOffset now)
    {
        var freshdesk = options.Freshdesk;
        var presented = false;
        var matched = false;
        if (freshdesk.UsesSecret && Header(headers, freshdesk.SecretHeader) is { } secret)
        {
            presented = true;
            matched |= WebhookSignatures.SecretMatches(secret, freshdesk.Secret!.Trim());
        }

        if (freshdesk.UsesBasicAuth && BasicCredentials(headers) is var (user, password))
        {
            presented = true;
            // Non-short-circuiting &: both comparisons always run.
            matched |= WebhookSignatures.SecretMatches(user, freshdesk.BasicUser!) & WebhookSignatures.SecretMatches(password, freshdesk.BasicPassword!);
        }

        return matched ? Verdict.Accepted : Verdict.Refused(presented ? "bad credentials" : "missing credentials");
    }

    public override PayloadResult Read(byte[] body, IHeaderDictionary headers, DateTimeOffset now)
    {
        var fields = new PayloadFields();
        using var document = fields.Parse(body);
        if (document is null)
        {
            return PayloadResult.Invalid(fields.Errors);
        }

        if (fields.Object(document.RootElement, Root, Root) is not { } w)
        {
            return PayloadResult.Invalid(fields.Errors);
        }

        var kind = ReadEvent(fields, fields.Text(w, "event", $"{Root}.event"), $"{Root}.event");
        var id = fields.Text(w, "ticket_id", $"{Root}.ticket_id", required: true);
        var email = fields.Text(w, "ticket_contact_email", $"{Root}.ticket_contact_email");
        var name = fields.Text(w, "ticket_contact_name", $"{Root}.ticket_contact_name");
        var status = fields.Text(w, "ticket_status", $"{Root}.ticket_status");
        var updatedRaw = fields.Text(w, "ticket_updated_at", $"{Root}.ticket_updated_at");
        var updatedAt = fields.Time(updatedRaw, $"{Root}.ticket_updated_at");
        var latest = fields.Text(w, "ticket_latest_public_comment", $"{Root}.ticket_latest_public_comment", required: kind == HelpdeskEvent.Comment);

        var comment = kind == HelpdeskEvent.Comment && latest is not null ? new TicketComment(name ?? email ?? "requester", latest, updatedAt ?? now) : null;
        var ticket = new Ticket
        {
            ExternalId = id,
            Source = Source,
            Subject = fields.Text(w, "ticket_subject", $"{Root}.ticket_subject") ?? "",
            // Freshdesk renders {{ticket.description}} as HTML; intake turns it into text.
            Body = fields.Text(w, "ticket_description", $"{Root}.ticket_description") ?? "",
            BodyFormat = "html",
            Requester = new Requester(email?.Trim() ?? "", name),
            CreatedAt = fields.Time(fields.Text(w, "ticket_created_at", $"{Root}.ticket_created_at"), $"{Root}.ticket_created_at"),
            Tags = fields.Tags(w, "ticket_tags", $"{Root}.ticket_tags", ','),
            Comments = comment is null ? [] : [comment],
            Metadata = status is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["helpdeskStatus"] = status },
        };

        var deliveryId = DeliveryIdOrBodyHash(headers, body);
        var revision = Header(headers, RevisionHeader) ?? updatedRaw?.Trim();
        CheckKeys(fields, deliveryId, DeliveryIdHeader, revision, $"{Root}.ticket_updated_at");
        if (kind is HelpdeskEvent.Created or HelpdeskEvent.Comment)
        {
            ValidateTicket(fields, ticket, TicketFields);
        }

        return fields.HasErrors || kind is null || id is null
            ? PayloadResult.Invalid(fields.Errors)
            : PayloadResult.Of(new HelpdeskDelivery(Source, deliveryId, revision, kind.Value, ticket with { ExternalId = id.Trim() }, comment));
    }

    /// <summary>The user and password of a basic Authorization header, or null when there is none or it is unreadable.</summary>
    private static (string User, string Password)? BasicCredentials(IHeaderDictionary headers)
    {
        if (!AuthenticationHeaderValue.TryParse(headers.Authorization.ToString(), out var authorization)
            || !authorization.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || authorization.Parameter is null)
        {
            return null;
        }

        var buffer = new byte[authorization.Parameter.Length];
        if (!Convert.TryFromBase64String(authorization.Parameter, buffer, out var written))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, written);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : (text[..colon], text[(colon + 1)..]);
    }
}
