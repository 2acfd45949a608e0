using System.Globalization;
using Investigator.Api.Processing;
using Investigator.Core.Cases;
using Investigator.Core.Decisioning;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Investigator.Api.Endpoints;

/// <summary>
/// A support lead's review of a case: approve or edit the draft, override the decision's disposition, priority or
/// route, send the case back for a new investigation, and look up similar resolved cases. The work is
/// <see cref="CaseReview"/>'s; these handlers read the request and turn its refusals into problem details.
/// </summary>
public static class ReviewEndpoints
{
    /// <summary>Approve the draft, or replace its body (<c>action</c>: <c>approve</c> or <c>edit</c>).</summary>
    public sealed record DraftRequest(string? Action, string? Body, string? By);

    /// <summary>A new value for one part of the decision (<c>field</c>: <c>disposition</c>, <c>priority</c> or <c>route</c>), and why.</summary>
    public sealed record OverrideRequest(string? Field, string? Value, string? Reason, string? By);

    /// <summary>Who asks for a new investigation, and optionally why.</summary>
    public sealed record ReinvestigationRequest(string? By, string? Reason = null);

    /// <summary>Resolved cases similar to a case, the most similar first.</summary>
    public sealed record SimilarCaseList(IReadOnlyList<SimilarResolvedCase> Items);

    /// <summary>How many similar cases a lookup returns unless it asks.</summary>
    public const int DefaultSimilarLimit = 5;

    public static IEndpointRouteBuilder MapReview(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/cases").WithTags("Review");
        group.MapPost("/{id}/draft", ReviewDraft).WithName("ReviewDraft")
            .WithSummary("Approves the case's draft (only one that passed its checks), or replaces its body and checks it again; the timeline records who and when.")
            .Produces<SupportCase>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id}/override", OverrideDecision).WithName("OverrideDecision")
            .WithSummary("Overrides the decision's disposition, priority (the SLA targets follow) or route (tier/queue), with a reason; the timeline records from, to, who and when.")
            .Produces<SupportCase>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id}/reinvestigation", RequestReinvestigation).WithName("RequestReinvestigation")
            .WithSummary("Sends a completed, failed or parked case back to the queue for a new investigation; the timeline records who asked and why.")
            .Produces<SupportCase>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id}/similar", FindSimilar).WithName("FindSimilarCases")
            .WithSummary("Resolved cases from case memory most similar to this case's problem and error codes (any account; no account ids or personal data); ?limit=5 (1 to 50).")
            .Produces<SimilarCaseList>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static async Task<Results<Ok<SupportCase>, ValidationProblem, ProblemHttpResult>> ReviewDraft(
        string id, DraftRequest? request, CaseReview review, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var action = request?.Action?.Trim().ToLowerInvariant();
        if (action is not ("approve" or "edit")) errors["action"] = ["action must be approve or edit."];
        if (action == "edit" && string.IsNullOrWhiteSpace(request?.Body)) errors["body"] = ["An edit needs the draft's new body."];
        if (action == "edit" && request?.Body?.Length > CaseReview.MaxDraftLength) errors["body"] = [$"A draft is at most {CaseReview.MaxDraftLength} characters."];
        if (string.IsNullOrWhiteSpace(request?.By)) errors["by"] = ["Who reviewed the draft is required."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        return await Reviewed(id, () => action == "approve"
            ? review.ApproveDraftAsync(id, request!.By!, cancellationToken)
            : review.EditDraftAsync(id, request!.Body!, request.By!, cancellationToken));
    }

    internal static async Task<Results<Ok<SupportCase>, ValidationProblem, ProblemHttpResult>> OverrideDecision(
        string id, OverrideRequest? request, CaseReview review, SupportPolicy policy, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!DecisionOverride.TryParse(request?.Field, request?.Value, policy, out var change, out var invalid))
        {
            foreach (var (name, messages) in invalid) errors[name] = messages;
        }

        if (string.IsNullOrWhiteSpace(request?.Reason)) errors["reason"] = ["Why the decision is overridden is required."];
        if (string.IsNullOrWhiteSpace(request?.By)) errors["by"] = ["Who overrode the decision is required."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        return await Reviewed(id, () => review.OverrideAsync(id, change!, request!.Reason!, request.By!, cancellationToken));
    }

    internal static async Task<Results<Accepted<SupportCase>, ValidationProblem, ProblemHttpResult>> RequestReinvestigation(
        string id, ReinvestigationRequest? request, CaseReview review, CaseBacklog queue, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.By))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["by"] = ["Who asked for the new investigation is required."] });
        }

        try
        {
            var requeued = await review.RequestReinvestigationAsync(id, request.By, request.Reason, cancellationToken);
            queue.Enqueue(id);
            return TypedResults.Accepted($"/v1/cases/{id}", requeued);
        }
        catch (KeyNotFoundException)
        {
            return NotFound(id);
        }
        catch (CaseStateConflictException conflict)
        {
            return Conflict(conflict);
        }
    }

    internal static async Task<Results<Ok<SimilarCaseList>, ValidationProblem, ProblemHttpResult>> FindSimilar(
        string id, CaseReview review, string? limit = null, CancellationToken cancellationToken = default)
    {
        var top = DefaultSimilarLimit;
        if (!string.IsNullOrWhiteSpace(limit)
            && (!int.TryParse(limit.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > CaseReview.MaxSimilar))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit must be a whole number from 1 to {CaseReview.MaxSimilar}."] });
        }

        try
        {
            return TypedResults.Ok(new SimilarCaseList(await review.FindSimilarAsync(id, top, cancellationToken)));
        }
        catch (KeyNotFoundException)
        {
            return NotFound(id);
        }
    }

    /// <summary>The review's answer: the case, or its refusal as a 404 or a 409 that says what is in the way.</summary>
    private static async Task<Results<Ok<SupportCase>, ValidationProblem, ProblemHttpResult>> Reviewed(string id, Func<Task<SupportCase>> act)
    {
        try
        {
            return TypedResults.Ok(await act());
        }
        catch (KeyNotFoundException)
        {
            return NotFound(id);
        }
        catch (CaseStateConflictException conflict)
        {
            return Conflict(conflict);
        }
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Case not found", detail: $"There is no case '{id}'.");

    private static ProblemHttpResult Conflict(CaseStateConflictException conflict) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: conflict.Title, detail: conflict.Message);
}
