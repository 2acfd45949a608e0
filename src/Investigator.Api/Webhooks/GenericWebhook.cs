using System.Text.Json;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;

namespace Investigator.Api.Webhooks;

/// <summary>
/// POST /v1/webhooks/generic: a ticket in the generic JSON shape (the body of <c>POST /v1/investigations</c>, with
/// <c>externalId</c> required), from any helpdesk or script that can sign a request.
/// <list type="bullet">
/// <item><c>X-Delivery-Id</c> (required): unique per delivery, the same when the delivery is retried.</item>
/// <item><c>X-Ticket-Event</c> (optional): <c>created</c> (default), <c>comment</c> (the new comment is the last of
/// <c>comments</c>) or <c>solved</c>.</item>
/// <item><c>X-Ticket-Revision</c> (optional): the ticket's version; a second delivery of one revision is a replay.</item>
/// <item><c>X-Investigator-Timestamp</c>: unix seconds when the request was signed.</item>
/// <item><c>X-Investigator-Signature</c>: <c>sha256=</c> and the lowercase hex of
/// HMAC-SHA256(secret, timestamp + "." + raw body).</item>
/// </list>
/// </summary>
internal sealed class GenericWebhook : HelpdeskWebhook
{
    public static readonly GenericWebhook Instance = new();

    public const string SignatureHeader = "X-Investigator-Signature";
    public const string TimestampHeader = "X-Investigator-Timestamp";
    public const string EventHeader = "X-Ticket-Event";
    public const string SignaturePrefix = "sha256=";

    // The body is the ticket itself: problems are named by the ticket's own fields.
    private static readonly Dictionary<string, string> SameFieldNames = [];

    public override string Source => "generic";

    public override string ConfigurationKey => "Webhooks:Generic:Secret";

    public override bool IsConfigured(WebhookOptions options) => options.Generic.Configured;

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

        var presented = signature.StartsWith(SignaturePrefix, StringComparison.OrdinalIgnoreCase) ? WebhookSignatures.FromHex(signature[SignaturePrefix.Length..]) : null;
        var expected = WebhookSignatures.Hmac(options.Generic.Secret!, timestamp + ".", body);
        if (presented is null || !WebhookSignatures.SignatureMatches(expected, presented))
        {
            return Verdict.Refused("bad signature");
        }

        return WebhookSignatures.CheckTimestamp(timestamp, now, options.MaxClockSkew);
    }

    public override PayloadResult Read(byte[] body, IHeaderDictionary headers, DateTimeOffset now)
    {
        var fields = new PayloadFields();
        var deliveryId = DeliveryIdFrom(headers);
        var revision = Header(headers, RevisionHeader);
        CheckKeys(fields, deliveryId, DeliveryIdHeader, revision, RevisionHeader);
        var kind = ReadEvent(fields, Header(headers, EventHeader), EventHeader, fallback: HelpdeskEvent.Created);

        Ticket? ticket = null;
        if (body.Length == 0)
        {
            fields.Add("$", "The request body is empty; send a ticket as JSON.");
        }
        else
        {
            try
            {
                ticket = JsonSerializer.Deserialize<Ticket>(body, ContractJson.Options);
                if (ticket is null)
                {
                    fields.Add("$", "The body must be a JSON object with a ticket.");
                }
            }
            catch (JsonException ex)
            {
                fields.AddMalformed(ex);
            }
        }

        TicketComment? comment = null;
        if (ticket is not null)
        {
            if (string.IsNullOrWhiteSpace(ticket.ExternalId))
            {
                fields.Add("externalId", "The helpdesk's ticket id is required: replays and later comments are matched by it.");
            }

            if (kind is HelpdeskEvent.Created or HelpdeskEvent.Comment)
            {
                ValidateTicket(fields, ticket, SameFieldNames);
            }

            if (kind == HelpdeskEvent.Comment)
            {
                comment = ticket.Comments.Count > 0 ? ticket.Comments[^1] : null;
                if (string.IsNullOrWhiteSpace(comment?.Body))
                {
                    fields.Add("comments", "A comment event carries the new comment as the last of comments, with a body.");
                }
            }
        }

        return fields.HasErrors
            ? PayloadResult.Invalid(fields.Errors)
            : PayloadResult.Of(new HelpdeskDelivery(Source, deliveryId!, revision, kind!.Value, ticket! with { ExternalId = ticket.ExternalId!.Trim() }, comment));
    }
}
