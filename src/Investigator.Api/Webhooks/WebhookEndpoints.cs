using Investigator.Api.Webhooks;
using Investigator.Core.Intake;
using Microsoft.AspNetCore.Http.HttpResults;

// In the namespace of the other Map… endpoints, which Program.cs already uses.
namespace Investigator.Api.Endpoints;

/// <summary>
/// POST /v1/webhooks/{generic,zendesk,freshdesk}: helpdesk deliveries. Each proves its sender with its helpdesk's
/// signature or secret, not with the API's own authentication. 202 with the case for new work (a new case, or a
/// comment that sends a case back to investigation); 200 for a replay (<c>duplicate: true</c>, the first delivery's
/// case) and for a "solved" (written on the timeline, nothing queued); 401, 400, 404 (not configured), 409 (retry
/// later) and 413 as problem details.
/// </summary>
public static class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/webhooks").WithTags("Webhooks").AllowAnonymous();
        group.MapPost("/generic", ReceiveGeneric)
            .WithName("ReceiveGenericWebhook")
            .WithSummary("A generic JSON ticket (externalId required) signed with X-Investigator-Signature: sha256=hex(HMAC-SHA256(secret, X-Investigator-Timestamp + \".\" + body)); X-Delivery-Id required; X-Ticket-Event and X-Ticket-Revision optional.")
            .Accepts<Ticket>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPost("/zendesk", ReceiveZendesk)
            .WithName("ReceiveZendeskWebhook")
            .WithSummary("A Zendesk trigger's webhook ({event, ticket{…}}), signed by Zendesk: X-Zendesk-Webhook-Signature = base64(HMAC-SHA256(secret, X-Zendesk-Webhook-Signature-Timestamp + body)).")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPost("/freshdesk", ReceiveFreshdesk)
            .WithName("ReceiveFreshdeskWebhook")
            .WithSummary("A Freshdesk automation rule's webhook ({freshdesk_webhook{event, ticket_id, …}}) with the shared-secret header or basic auth.")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    internal static Task<Results<Accepted<WebhookReceipt>, Ok<WebhookReceipt>, ValidationProblem, ProblemHttpResult>> ReceiveGeneric(
        HttpRequest request, WebhookReceiver receiver, CancellationToken cancellationToken) =>
        receiver.ReceiveAsync(GenericWebhook.Instance, request, cancellationToken);

    internal static Task<Results<Accepted<WebhookReceipt>, Ok<WebhookReceipt>, ValidationProblem, ProblemHttpResult>> ReceiveZendesk(
        HttpRequest request, WebhookReceiver receiver, CancellationToken cancellationToken) =>
        receiver.ReceiveAsync(ZendeskWebhook.Instance, request, cancellationToken);

    internal static Task<Results<Accepted<WebhookReceipt>, Ok<WebhookReceipt>, ValidationProblem, ProblemHttpResult>> ReceiveFreshdesk(
        HttpRequest request, WebhookReceiver receiver, CancellationToken cancellationToken) =>
        receiver.ReceiveAsync(FreshdeskWebhook.Instance, request, cancellationToken);
}
