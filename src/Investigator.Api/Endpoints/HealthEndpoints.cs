using Investigator.Core.Cases;
using Investigator.Core.Learning;
using Investigator.Core.Sources.Local;

namespace Investigator.Api.Endpoints;

/// <summary>
/// GET /health: whether the store answers and what the service runs on. GET /ready: whether this instance should
/// take traffic (the case database answers a query, the service is not stopping) and how much work waits.
/// </summary>
public static class HealthEndpoints
{
    public sealed record Health(string Status, string Engine, int Accounts, int LogLines, int ResolvedCasesInMemory, string? Problem = null)
    {
        /// <summary>The work waiting in the store; absent when the store did not answer.</summary>
        public CaseQueueDepth? Queue { get; init; }
    }

    /// <summary>Whether to send this instance traffic: <c>ready</c>, or <c>notReady</c> with the problem; the queue when the store answered.</summary>
    public sealed record Readiness(string Status, CaseQueueDepth? Queue = null, string? Problem = null);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", CheckHealth).WithTags("Health").WithName("Health");
        app.MapGet("/ready", CheckReadiness).WithTags("Health").WithName("Ready")
            .WithSummary("Ready when the case database answers and the service is not stopping; reports queued cases, retries due and scheduled, and parked cases.")
            .Produces<Readiness>(StatusCodes.Status200OK)
            .Produces<Readiness>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>
    /// Healthy when the case store and the case memory answer; unhealthy (503) when the case store does not; degraded
    /// (200, with the problem) when only the case memory does not: investigations go on without similar cases.
    /// </summary>
    internal static async Task<IResult> CheckHealth(ICaseStore store, LocalWorld world, ICaseMemory memory, Core.Investigation.IInvestigator investigator, TimeProvider time, CancellationToken cancellationToken)
    {
        var engine = investigator is Core.Investigation.Model.ModelInvestigator ? "model" : "builtin";
        CaseQueueDepth queue;
        try
        {
            queue = await store.CountQueueAsync(time.GetUtcNow(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return TypedResults.Json(new Health("unhealthy", engine, world.Accounts.Count, world.LogLineCount, 0, ex.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        try
        {
            return TypedResults.Ok(new Health("healthy", engine, world.Accounts.Count, world.LogLineCount, await memory.CountAsync(cancellationToken)) { Queue = queue });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return TypedResults.Ok(new Health("degraded", engine, world.Accounts.Count, world.LogLineCount, 0,
                $"Case memory unreachable, investigations go on without similar cases: {ex.Message}") { Queue = queue });
        }
    }

    internal static async Task<IResult> CheckReadiness(ICaseStore store, IHostApplicationLifetime lifetime, TimeProvider time, CancellationToken cancellationToken)
    {
        CaseQueueDepth queue;
        try
        {
            // The trivial query that proves the database answers is the one that counts the waiting work.
            queue = await store.CountQueueAsync(time.GetUtcNow(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return TypedResults.Json(new Readiness("notReady", Problem: $"The case database did not answer: {ex.Message}"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        // Draining: cases being worked finish or go back to the queue; new traffic belongs to another instance.
        return lifetime.ApplicationStopping.IsCancellationRequested
            ? TypedResults.Json(new Readiness("notReady", queue, "The service is stopping."), statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(new Readiness("ready", queue));
    }
}
