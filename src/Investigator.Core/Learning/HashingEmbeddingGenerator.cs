using System.Numerics.Tensors;
using Investigator.Core.Diagnostics;
using Microsoft.Extensions.AI;

namespace Investigator.Core.Learning;

/// <summary>
/// Embeddings with no model and no network: word unigrams, word bigrams and character trigrams are
/// hashed into a fixed number of buckets (with a sign hash to cancel collisions), weighted by
/// sub-linear term frequency, and L2-normalized, so cosine similarity is a dot product.
/// </summary>
public sealed class HashingEmbeddingGenerator(int dimensions = HashingEmbeddingGenerator.DefaultDimensions) : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int DefaultDimensions = 512;
    public const string ModelId = "builtin-hashing-v1";

    public int Dimensions { get; } = dimensions;

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Embed(v)) { ModelId = ModelId }));
        return Task.FromResult(result);
    }

    public float[] Embed(string text)
    {
        var counts = new Dictionary<int, float>();
        var words = TextTokens.Words(text);
        for (var i = 0; i < words.Count; i++)
        {
            Add(counts, words[i], 1.0f);
            if (i + 1 < words.Count)
            {
                Add(counts, words[i] + " " + words[i + 1], 0.7f);
            }

            // Character trigrams match variants the stemmer misses ("signature"/"signing").
            var padded = $" {words[i]} ";
            for (var c = 0; c + 3 <= padded.Length; c++)
            {
                Add(counts, string.Concat("#", padded.AsSpan(c, 3)), 0.25f);
            }
        }

        var vector = new float[Dimensions];
        foreach (var (key, weight) in counts)
        {
            var bucket = key & int.MaxValue;
            var sign = (key & 1) == 0 ? 1f : -1f;
            vector[(bucket >> 1) % Dimensions] += sign * (1 + MathF.Log(weight + 1));
        }

        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }

    private static void Add(Dictionary<int, float> counts, string feature, float weight)
    {
        var hash = (int)StableHash.Of(feature);
        counts[hash] = counts.GetValueOrDefault(hash) + weight;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata)
            ? new EmbeddingGeneratorMetadata("builtin", defaultModelId: ModelId, defaultModelDimensions: Dimensions)
            : serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
