using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace Investigator.Core.Learning.Knowledge;

/// <summary>
/// Embeds sections in batches and queries one at a time, as unit-length vectors (cosine is a dot product).
/// The generator's id comes from <see cref="CaseEmbedder"/>, so a section index and case memory name a
/// generator alike. Once a dimension is known (declared, or seen), a vector of another length is refused
/// with <see cref="EmbeddingMismatchException"/>: its similarities to the stored vectors would mean nothing.
/// </summary>
internal sealed class SectionEmbedder
{
    /// <summary>Texts per embedding request: a few requests for a whole knowledge base, each well under providers' input limits.</summary>
    public const int BatchSize = 64;

    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly CaseEmbedder _identity;
    private readonly string _store;
    private int _dimensions;

    public SectionEmbedder(IEmbeddingGenerator<string, Embedding<float>> generator, string store)
    {
        ArgumentNullException.ThrowIfNull(generator);
        _generator = generator;
        _identity = new CaseEmbedder(generator);
        _store = store;
        _dimensions = _identity.DeclaredDimensions ?? 0;
    }

    public string GeneratorId => _identity.GeneratorId;

    /// <summary>The generator's signature; a generator that declares no dimension is asked for one vector to learn it.</summary>
    public async Task<EmbeddingSignature> SignatureAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _dimensions) == 0)
        {
            await EmbedAsync("dimension probe", cancellationToken);
        }

        return new EmbeddingSignature(GeneratorId, Volatile.Read(ref _dimensions));
    }

    public async Task<float[]> EmbedAsync(string text, CancellationToken cancellationToken) =>
        (await EmbedAllAsync([text], cancellationToken))[0];

    public async Task<IReadOnlyList<float[]>> EmbedAllAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var vectors = new List<float[]>(texts.Count);
        foreach (var batch in texts.Chunk(BatchSize))
        {
            var embeddings = await _generator.GenerateAsync(batch, cancellationToken: cancellationToken);
            if (embeddings.Count != batch.Length)
            {
                throw new InvalidOperationException($"The embedding generator '{GeneratorId}' returned {embeddings.Count} vectors for {batch.Length} texts.");
            }

            foreach (var embedding in embeddings)
            {
                var vector = embedding.Vector.ToArray();
                var known = Interlocked.CompareExchange(ref _dimensions, vector.Length, 0);
                if (known != 0 && known != vector.Length)
                {
                    throw new EmbeddingMismatchException(_store, new EmbeddingSignature(GeneratorId, known), new EmbeddingSignature(GeneratorId, vector.Length));
                }

                var norm = TensorPrimitives.Norm(vector);
                if (norm > 0)
                {
                    TensorPrimitives.Divide(vector, norm, vector);
                }

                vectors.Add(vector);
            }
        }

        return vectors;
    }
}
