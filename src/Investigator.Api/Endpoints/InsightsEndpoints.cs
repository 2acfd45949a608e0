using Investigator.Core.Cases;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Investigator.Api.Endpoints;

/// <summary>The insights API: how support did over a period, computed by <see cref="CaseInsights"/>.</summary>
public static class InsightsEndpoints
{
    public static IEndpointRouteBuilder MapInsights(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/insights").WithTags("Insights")
            .MapGet("/", GetInsights).WithName("GetInsights")
            .WithSummary("Cases received in a period (?from=2026-11-01&to=2026-11-30; by default the last 30 days): volumes, SLA by priority, escalations, " +
                         "leads' overrides, time to first evidence and recurring problems with their drafted articles.");
        return app;
    }

    internal static async Task<Results<Ok<CaseInsightsReport>, ValidationProblem>> GetInsights(
        CaseInsights insights, TimeProvider time, string? from = null, string? to = null, CancellationToken cancellationToken = default)
    {
        if (!InsightsPeriod.TryParse(from, to, time.GetUtcNow(), out var period, out var errors))
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return TypedResults.Ok(await insights.ComputeAsync(period, cancellationToken));
    }
}
