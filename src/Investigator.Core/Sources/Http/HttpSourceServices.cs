using Microsoft.Extensions.Http.Resilience;
using Investigator.Core.Diagnostics;
using Investigator.Core.Sources.Http.AdminApi;
using Investigator.Core.Sources.Http.Elasticsearch;
using Investigator.Core.Sources.Http.Loki;
using Investigator.Core.Sources.Http.Statuspage;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace Investigator.Core.Sources.Http;

/// <summary>
/// Registers each HTTP source as a source-generated Refit client behind the standard resilience
/// handler (total and per-attempt timeouts, retries with backoff and jitter for reads, a circuit
/// breaker). Options are read from the container when the client is first built, so a host can bind
/// them from configuration after registration.
/// </summary>
public static class HttpSourceServices
{
    /// <summary>The HttpClient names, one per source (each has its own circuit breaker).</summary>
    public const string LokiClient = "Investigator.Sources.Loki";
    public const string ElasticsearchClient = "Investigator.Sources.Elasticsearch";
    public const string StatuspageClient = "Investigator.Sources.Statuspage";
    public const string AdminApiClient = "Investigator.Sources.AdminApi";

    public static IServiceCollection AddLokiLogSource(this IServiceCollection services, Func<IServiceProvider, LokiOptions> options)
    {
        services.AddSourceClient<ILokiApi>(LokiClient, options, retryPosts: false)
            .ConfigureHttpClient((sp, client) =>
            {
                if (options(sp).TenantId is { Length: > 0 } tenant)
                {
                    client.DefaultRequestHeaders.TryAddWithoutValidation("X-Scope-OrgID", tenant);
                }
            });
        services.AddSingleton(sp => new LokiLogSource(sp.GetRequiredService<ILokiApi>(), options(sp)));
        return services;
    }

    public static IServiceCollection AddElasticsearchLogSource(this IServiceCollection services, Func<IServiceProvider, ElasticsearchOptions> options)
    {
        // _search is a POST that only reads, so it is retried like a GET.
        services.AddSourceClient<IElasticsearchApi>(ElasticsearchClient, options, retryPosts: true);
        services.AddSingleton(sp => new ElasticsearchLogSource(sp.GetRequiredService<IElasticsearchApi>(), options(sp)));
        return services;
    }

    public static IServiceCollection AddStatuspageIncidentSource(this IServiceCollection services, Func<IServiceProvider, StatuspageOptions> options)
    {
        services.AddSourceClient<IStatuspageApi>(StatuspageClient, options, retryPosts: false);
        services.AddSingleton(sp => new StatuspageIncidentSource(sp.GetRequiredService<IStatuspageApi>(), options(sp)));
        return services;
    }

    /// <summary>The admin API answers for accounts and for deploys.</summary>
    public static IServiceCollection AddAdminApiSources(this IServiceCollection services, Func<IServiceProvider, AdminApiOptions> options)
    {
        services.AddSourceClient<IAdminApi>(AdminApiClient, options, retryPosts: false);
        services.AddSingleton(sp => new AdminApiAccountSource(sp.GetRequiredService<IAdminApi>(), options(sp)));
        services.AddSingleton(sp => new AdminApiDeploySource(sp.GetRequiredService<IAdminApi>()));
        return services;
    }

    private static IHttpClientBuilder AddSourceClient<TApi>(this IServiceCollection services, string name, Func<IServiceProvider, IHttpSourceOptions> options, bool retryPosts)
        where TApi : class
    {
        var builder = services
            .AddRefitGeneratedClient<TApi>(_ => Settings, name)
            .ConfigureHttpClient((sp, client) =>
            {
                var source = options(sp);
                client.BaseAddress = new Uri(source.BaseUrl ?? throw new InvalidOperationException($"{name} has no BaseUrl."));
                // The resilience pipeline owns time; HttpClient's own timeout only backs it up.
                client.Timeout = source.Resilience.TotalTimeout + TimeSpan.FromSeconds(5);
                source.Auth.ApplyTo(client.DefaultRequestHeaders);
            })
            // The sources are singletons that keep their client: the handler lives as long, and the pooled
            // connections are recycled instead, so DNS changes are still seen.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        builder.AddStandardResilienceHandler().Configure((resilience, sp) => options(sp).Resilience.ApplyTo(resilience, retryPosts));
        return builder;
    }

    private static readonly RefitSettings Settings = new()
    {
        ContentSerializer = new SystemTextJsonContentSerializer(ContractJson.Options),
    };
}
