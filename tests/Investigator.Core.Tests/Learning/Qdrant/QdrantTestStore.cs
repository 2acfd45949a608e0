using Investigator.Core.Learning.Qdrant;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Investigator.Core.Tests.Learning.Qdrant;

/// <summary>
/// A Qdrant case memory built the way the service builds it (<see cref="QdrantServices.AddQdrantCaseMemory"/>:
/// the Refit client, the api-key header, the retries), in its own container.
/// </summary>
public sealed class QdrantTestStore : IDisposable
{
    private readonly ServiceProvider _services;

    public QdrantTestStore(QdrantOptions options, IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        var services = new ServiceCollection();
        services.AddSingleton(generator);
        services.AddQdrantCaseMemory(_ => options);
        _services = services.BuildServiceProvider();
        Memory = _services.GetRequiredService<QdrantCaseMemory>();
    }

    public QdrantCaseMemory Memory { get; }

    /// <summary>Options for a fresh collection on <paramref name="url"/>, retrying quickly.</summary>
    public static QdrantOptions Options(Uri url, string? apiKey = null, string? collection = null) => new()
    {
        Url = url.ToString(),
        ApiKey = apiKey,
        Collection = collection ?? $"investigator-test-{Guid.NewGuid():N}",
        RetryDelay = TimeSpan.FromMilliseconds(1),
    };

    public void Dispose() => _services.Dispose();
}
