using System.Text;
using Investigator.Core.Cases;
using Investigator.Core.Learning;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Investigator.Api.Endpoints;

/// <summary>The knowledge API: help articles drafted from resolved cases that no article answers yet.</summary>
public static class KnowledgeEndpoints
{
    public static IEndpointRouteBuilder MapKnowledge(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/knowledge").WithTags("Knowledge");
        group.MapGet("/suggestions", ListSuggestions).WithName("ListSuggestedArticles")
            .WithSummary("Drafted articles not yet written, one per cluster of cases: several customers affected first, then non-obvious fixes, then the most frequent, then the newest. Paged.");
        group.MapGet("/suggestions/{caseId}", GetSuggestion).WithName("GetSuggestedArticle")
            .WithSummary("The article drafted when this case was resolved, as Markdown.")
            .Produces<string>(StatusCodes.Status200OK, "text/markdown");
        return app;
    }

    internal static async Task<Results<Ok<SuggestedArticlePage>, ValidationProblem>> ListSuggestions(
        ICaseStore store, KnowledgeGapFinder knowledgeGaps, int page = 1, int pageSize = 20, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (page < 1) errors["page"] = ["page starts at 1."];
        if (pageSize is < 1 or > 200) errors["pageSize"] = ["pageSize must be between 1 and 200."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var open = await SuggestedArticles.ListOpenAsync(store, knowledgeGaps, cancellationToken);
        var items = open.Skip((int)Math.Min((long)(page - 1) * pageSize, int.MaxValue)).Take(pageSize).ToList();
        return TypedResults.Ok(new SuggestedArticlePage(items, page, pageSize, open.Count));
    }

    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetSuggestion(string caseId, ICaseStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(caseId, cancellationToken) is { Resolution.SuggestedArticle: { } suggestion }
            ? TypedResults.Text(SuggestedArticles.ToMarkdown(suggestion), "text/markdown", Encoding.UTF8)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No suggested article",
                detail: $"There is no case '{caseId}', or its resolution drafted no article.");
}
