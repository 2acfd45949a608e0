using Investigator.Api.Operations;
using Investigator.Core.Cases;
using Investigator.Core.Diagnostics;

namespace Investigator.Api.Endpoints;

/// <summary>
/// GET /metrics: the service's metrics in the Prometheus text format, for a scraper holding a key with the
/// <c>cases:read</c> scope (Authorization: Bearer). The queue depth is read from the store for each scrape.
/// </summary>
public static class MetricsEndpoints
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static IServiceCollection AddMetricsCollector(this IServiceCollection services) => services.AddSingleton<MetricsCollector>();

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        // Built now, so it listens from the start and not from the first scrape.
        app.ServiceProvider.GetRequiredService<MetricsCollector>();
        app.MapGet("/metrics", ScrapeAsync).WithTags("Health").WithName("Metrics")
            .WithSummary("Tickets accepted, case attempts by outcome, layer latency, webhook deliveries, helpdesk posts and queue depth, as Prometheus text.")
            .Produces<string>(StatusCodes.Status200OK, ContentType);
        return app;
    }

    internal static async Task<IResult> ScrapeAsync(MetricsCollector collector, ICaseStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        InvestigatorMetrics.QueueDepth(await store.CountQueueAsync(time.GetUtcNow(), cancellationToken));
        return TypedResults.Text(collector.Render(), ContentType);
    }
}
