using Investigator.Api.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Investigator.Api.Webhooks;

/// <summary>
/// The HTTP side of every webhook, in order: configured (else 404), body within the limit (else 413), read once as
/// bytes; the delivery proves its sender (else 401, logged without the body); the body reads as a delivery (else
/// 400 naming each field); then the <see cref="WebhookInbox"/> does the work and the answer says what it did.
/// </summary>
internal sealed class WebhookReceiver(WebhookInbox inbox, IOptions<WebhookOptions> options, IOptions<ProcessingOptions> processing, TimeProvider time, ILogger<WebhookReceiver> logger)
{
    /// <summary>Seconds a sender is asked to wait before retrying a delivery that could not be handled now.</summary>
    public const int RetryAfterSeconds = 10;

    public async Task<Results<Accepted<WebhookReceipt>, Ok<WebhookReceipt>, ValidationProblem, ProblemHttpResult>> ReceiveAsync(
        HelpdeskWebhook webhook, HttpRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!webhook.IsConfigured(settings))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Webhook not configured",
                detail: $"The {webhook.Source} webhook is not configured; set {webhook.ConfigurationKey} to turn it on.");
        }

        var maxBytes = processing.Value.MaxBodyBytes;
        var body = await RawBody.ReadAsync(request, maxBytes, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large",
                detail: $"The body is larger than {maxBytes} bytes.");
        }

        var verdict = webhook.Verify(request.Headers, body, settings, time.GetUtcNow());
        if (!verdict.IsAccepted)
        {
            // Who and why, never what: the body of an unauthenticated request is not logged.
            logger.LogWarning("Refused a {Helpdesk} webhook: {Reason}; remote address {RemoteAddress}, delivery {DeliveryId}",
                webhook.Source, verdict.Refusal, request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                webhook.DeliveryIdFrom(request.Headers) is { } id ? PayloadFields.Shorten(id) : "-");
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Webhook not authenticated",
                detail: $"The {webhook.Source} delivery was refused: {verdict.Refusal}.");
        }

        var payload = webhook.Read(body, request.Headers, time.GetUtcNow());
        if (payload.Delivery is not { } delivery)
        {
            return TypedResults.ValidationProblem(payload.Errors!, title: $"The {webhook.Source} delivery is not valid");
        }

        var result = await inbox.ReceiveAsync(delivery, cancellationToken);
        var receipt = new WebhookReceipt(result.CaseId, delivery.DeliveryId, result.Outcome == InboxOutcome.Duplicate, Name(result.Outcome));
        switch (result.Outcome)
        {
            case InboxOutcome.Created or InboxOutcome.Commented:
                return TypedResults.Accepted($"/v1/cases/{result.CaseId}", receipt);
            case InboxOutcome.RetryLater:
                request.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Delivery not handled yet",
                    detail: $"{result.RetryReason} Retry the delivery.");
            default:
                return TypedResults.Ok(receipt);
        }
    }

    private static string Name(InboxOutcome outcome) => outcome.ToString().ToLowerInvariant();
}

/// <summary>
/// The answer to a webhook delivery: the case it created or concerns (absent when none), the delivery id it was
/// recorded under, whether it was a replay, and what it did: created, commented, solved, ignored or duplicate.
/// </summary>
public sealed record WebhookReceipt(string? CaseId, string DeliveryId, bool Duplicate, string Outcome);
