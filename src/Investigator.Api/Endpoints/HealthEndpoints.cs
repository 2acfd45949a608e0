using Investigator.Core.Cases;
using Investigator.Core.Learning;
using Investigator.Core.Sources.Local;

namespace Investigator.Api.Endpoints;

/// <summary>GET /health: whether the store answers and what the service runs on.</summary>
public static class HealthEndpoints
{
    public sealed record Health(string Status, string Engine, int Accounts, int LogLines, int ResolvedCasesInMemory, string? Problem = null);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", CheckHealth).WithTags("Health").WithName("Health");
        return app;
    }

    internal static async Task<IResult> CheckHealth(ICaseStore store, LocalWorld world, ICaseMemory memory, Core.Investigation.IInvestigator investigator, CancellationToken cancellationToken)
    {
        var engine = investigator is Core.Investigation.Model.ModelInvestigator ? "model" : "builtin";
        try
        {
            await store.ListAsync(1, 1, cancellationToken);
            return TypedResults.Ok(new Health("healthy", engine, world.Accounts.Count, world.LogLineCount, await memory.CountAsync(cancellationToken)));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return TypedResults.Json(new Health("unhealthy", engine, world.Accounts.Count, world.LogLineCount, 0, ex.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
