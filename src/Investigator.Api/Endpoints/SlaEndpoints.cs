using Investigator.Core.Cases;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Investigator.Api.Endpoints;

/// <summary>The SLA API: the breaches the monitor and resolutions recorded.</summary>
public static class SlaEndpoints
{
    public static IEndpointRouteBuilder MapSla(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/sla").WithTags("SLA");
        group.MapGet("/breaches", ListBreaches).WithName("ListSlaBreaches")
            .WithSummary("Missed first-response and resolution targets, one per case and target, the most recent first, paged.");
        return app;
    }

    internal static async Task<Results<Ok<SlaBreachPage>, ValidationProblem>> ListBreaches(ICaseStore store, int page = 1, int pageSize = 20, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (page < 1) errors["page"] = ["page starts at 1."];
        if (pageSize is < 1 or > 200) errors["pageSize"] = ["pageSize must be between 1 and 200."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await store.ListBreachesAsync(page, pageSize, cancellationToken));
    }
}
