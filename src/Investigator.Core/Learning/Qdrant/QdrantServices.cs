using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Refit;

namespace Investigator.Core.Learning.Qdrant;

/// <summary>
/// Registers <see cref="QdrantCaseMemory"/> over a source-generated Refit client of Qdrant's REST API,
/// with the <c>api-key</c> header and <see cref="QdrantRetry"/>. Options are read from the container
/// when the client is first built, so a host can bind them from configuration after registration, and
/// nothing is built unless the store is asked for.
/// </summary>
public static class QdrantServices
{
    /// <summary>The HttpClient name of the Qdrant client.</summary>
    public const string ClientName = "Investigator.Learning.Qdrant";

    /// <summary>
    /// Qdrant's JSON: names as written on each property, enums by their exact wire names (Qdrant's are
    /// case-sensitive), and no nulls, which Qdrant refuses for some options (<c>"with_vector": null</c>).
    /// </summary>
    public static JsonSerializerOptions Json { get; } = CreateJson();

    public static IServiceCollection AddQdrantCaseMemory(this IServiceCollection services, Func<IServiceProvider, QdrantOptions> options)
    {
        var settings = new RefitSettings { ContentSerializer = new SystemTextJsonContentSerializer(Json) };
        services.AddRefitGeneratedClient<IQdrantApi>(_ => settings, ClientName)
            .ConfigureHttpClient((sp, client) =>
            {
                var qdrant = options(sp);
                client.BaseAddress = new Uri(qdrant.Url ?? throw new InvalidOperationException("The Qdrant case memory has no Url."));
                // The pipeline bounds each attempt and the retries; this only backs it up.
                client.Timeout = (TimeSpan.FromSeconds(qdrant.TimeoutSeconds) + QdrantRetry.MaxRetryAfter) * (qdrant.MaxRetries + 1) + TimeSpan.FromSeconds(5);
                if (!string.IsNullOrEmpty(qdrant.ApiKey))
                {
                    client.DefaultRequestHeaders.TryAddWithoutValidation("api-key", qdrant.ApiKey);
                }
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("qdrant", (pipeline, context) =>
                QdrantRetry.Configure(pipeline, options(context.ServiceProvider), context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton(sp => new QdrantCaseMemory(
            sp.GetRequiredService<IQdrantApi>(),
            sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(),
            options(sp),
            sp.GetService<ILogger<QdrantCaseMemory>>()));
        return services;
    }

    /// <summary>
    /// Registers <see cref="Knowledge.QdrantKnowledgeSectionIndex"/> over the client <see cref="AddQdrantCaseMemory"/>
    /// registers (call that first): the same server, api key and retries, its own collection, named by
    /// <paramref name="options"/>' <see cref="QdrantOptions.Collection"/>.
    /// </summary>
    public static IServiceCollection AddQdrantKnowledgeSectionIndex(this IServiceCollection services, Func<IServiceProvider, QdrantOptions> options)
    {
        services.AddSingleton(sp => new Knowledge.QdrantKnowledgeSectionIndex(
            sp.GetRequiredService<IQdrantApi>(),
            sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(),
            options(sp),
            sp.GetService<ILogger<Knowledge.QdrantKnowledgeSectionIndex>>()));
        return services;
    }

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Converters = { new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false) },
        };
        json.MakeReadOnly(populateMissingResolver: true);
        return json;
    }
}
