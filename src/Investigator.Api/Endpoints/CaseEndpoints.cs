using System.Text.Json;
using Investigator.Api.Processing;
using Investigator.Core.Cases;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Investigator.Api.Endpoints;

/// <summary>The case API: read a case, list cases (filtered by status, decision and due targets), acknowledge a case, retry a failed or parked case, confirm a resolution.</summary>
public static class CaseEndpoints
{
    /// <summary>A lead's confirmation of how a case was resolved.</summary>
    public sealed record ResolutionRequest(string? RootCause, string? Resolution, string? ConfirmedBy, string? Verification = null, string? Prevention = null, string? LessonsLearned = null);

    /// <summary>A lead's or agent's first response to a case.</summary>
    public sealed record AcknowledgementRequest(string? By);

    /// <summary>A person's request to try a failed or parked case again.</summary>
    public sealed record RetryRequest(string? By);

    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/cases").WithTags("Cases");
        group.MapGet("/", ListCases).WithName("ListCases")
            .WithSummary("Cases, newest first, paged; filtered by ?status=, ?disposition=, ?priority=, ?tier= and ?dueWithinHours= (open cases with a target due within that many hours, overdue included), combined.");
        group.MapGet("/{id}", GetCase).WithName("GetCase").WithSummary("A case: ticket, facts, evidence, decision, draft and trace.");
        group.MapPost("/{id}/acknowledgement", AcknowledgeCase).WithName("AcknowledgeCase").WithSummary("Records the first response to a case (the SLA's first-response clock stops).");
        group.MapPost("/{id}/retry", RetryCase).WithName("RetryCase")
            .WithSummary("Re-queues a failed or parked case for another investigation, with a fresh set of attempts; the timeline records who asked.")
            .Produces<SupportCase>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id}/resolution", ResolveCase).WithName("ResolveCase").WithSummary("Confirms how a case was resolved; the case is learned.");
        return app;
    }

    internal static async Task<Results<Ok<SupportCase>, ProblemHttpResult>> GetCase(string id, ICaseStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Case not found", detail: $"There is no case '{id}'.");

    internal static async Task<Results<Ok<CasePage>, ValidationProblem>> ListCases(
        ICaseStore store, TimeProvider time, int page = 1, int pageSize = 20, string? status = null, string? disposition = null, string? priority = null,
        string? tier = null, string? dueWithinHours = null, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (page < 1) errors["page"] = ["page starts at 1."];
        if (pageSize is < 1 or > 200) errors["pageSize"] = ["pageSize must be between 1 and 200."];
        if (!CaseFilter.TryParse(status, disposition, priority, tier, dueWithinHours, time.GetUtcNow(), out var filter, out var invalid))
        {
            foreach (var (name, messages) in invalid) errors[name] = messages;
        }

        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await store.ListAsync(page, pageSize, filter, cancellationToken));
    }

    internal static async Task<Results<Ok<SupportCase>, ValidationProblem, ProblemHttpResult>> AcknowledgeCase(
        string id, AcknowledgementRequest? request, ICaseStore store, Caseworker caseworker, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.By))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["by"] = ["Who acknowledged the case is required."] });
        }

        var existing = await store.GetAsync(id, cancellationToken);
        if (existing is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Case not found", detail: $"There is no case '{id}'.");
        }

        if (existing.Status == CaseStatus.Resolved)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Case already resolved", detail: $"Case '{id}' is resolved; there is nothing left to acknowledge.");
        }

        return TypedResults.Ok(await caseworker.AcknowledgeAsync(id, request.By, cancellationToken));
    }

    internal static async Task<Results<Accepted<SupportCase>, ValidationProblem, ProblemHttpResult>> RetryCase(
        string id, RetryRequest? request, ICaseStore store, Caseworker caseworker, CaseBacklog queue, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.By))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["by"] = ["Who asked for the retry is required."] });
        }

        var existing = await store.GetAsync(id, cancellationToken);
        if (existing is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Case not found", detail: $"There is no case '{id}'.");
        }

        if (existing.Status is not (CaseStatus.Failed or CaseStatus.Parked))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Case cannot be retried",
                detail: $"Case '{id}' is {JsonNamingPolicy.CamelCase.ConvertName(existing.Status.ToString())}; only a failed or parked case can be retried.");
        }

        // The caseworker checks again as it writes: a case that moved meanwhile is a 409 from the exception handler.
        var requeued = await caseworker.RetryAsync(id, request.By, cancellationToken);
        queue.Enqueue(id);
        return TypedResults.Accepted($"/v1/cases/{id}", requeued);
    }

    internal static async Task<Results<Ok<SupportCase>, ValidationProblem, ProblemHttpResult>> ResolveCase(
        string id, ResolutionRequest? request, ICaseStore store, Caseworker caseworker, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.RootCause)) errors["rootCause"] = ["The root cause is required."];
        if (string.IsNullOrWhiteSpace(request?.Resolution)) errors["resolution"] = ["The resolution is required."];
        if (string.IsNullOrWhiteSpace(request?.ConfirmedBy)) errors["confirmedBy"] = ["Who confirmed the resolution is required; only confirmed resolutions are learned."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var existing = await store.GetAsync(id, cancellationToken);
        if (existing is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Case not found", detail: $"There is no case '{id}'.");
        }

        if (existing.Facts is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Case not investigated yet", detail: $"Case '{id}' is {existing.Status}; it can be resolved once investigated.");
        }

        var confirmation = new CaseConfirmation(request!.RootCause!, request.Resolution!, request.ConfirmedBy!, request.Verification, request.Prevention, request.LessonsLearned);
        return TypedResults.Ok(await caseworker.ResolveAsync(id, confirmation, cancellationToken));
    }
}
