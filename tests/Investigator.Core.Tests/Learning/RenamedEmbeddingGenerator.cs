using Microsoft.Extensions.AI;

namespace Investigator.Core.Tests.Learning;

/// <summary>
/// The built-in embeddings under another model name: the same vectors and dimension, another generator,
/// so a store must refuse it although nothing about the vectors gives it away.
/// </summary>
public sealed class RenamedEmbeddingGenerator(string modelId, int dimensions = Core.Learning.HashingEmbeddingGenerator.DefaultDimensions)
    : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly Core.Learning.HashingEmbeddingGenerator _inner = new(dimensions);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        _inner.GenerateAsync(values, options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata)
            ? new EmbeddingGeneratorMetadata("test", defaultModelId: modelId, defaultModelDimensions: dimensions)
            : null;

    public void Dispose() => _inner.Dispose();
}
