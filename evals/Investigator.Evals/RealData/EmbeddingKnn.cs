using System.Numerics.Tensors;
using Investigator.Core.Learning;

namespace Investigator.Evals.RealData;

/// <summary>
/// A k-nearest-neighbour vote over the built-in engine's embeddings (<see cref="HashingEmbeddingGenerator"/>,
/// the same vectors the case memory uses): each of the k most similar train records votes for its label
/// with its cosine similarity. Only train records are ever stored, so no test label can leak.
/// </summary>
public sealed class EmbeddingKnn<TLabel>
{
    private readonly HashingEmbeddingGenerator _embedder;
    private readonly List<(float[] Vector, TLabel Label)> _train = [];

    public EmbeddingKnn(IEnumerable<(string Text, TLabel Label)> training, HashingEmbeddingGenerator? embedder = null)
    {
        _embedder = embedder ?? new HashingEmbeddingGenerator();
        foreach (var (text, label) in training)
        {
            _train.Add((_embedder.Embed(text), label));
        }
    }

    /// <summary>A memory over vectors <paramref name="embedder"/> already made (a learning curve stores growing prefixes of one list).</summary>
    public EmbeddingKnn(HashingEmbeddingGenerator embedder, IEnumerable<(float[] Vector, TLabel Label)> stored)
    {
        _embedder = embedder;
        _train.AddRange(stored);
    }

    public int Count => _train.Count;

    public float[] Embed(string text) => _embedder.Embed(text);

    /// <summary>
    /// The k most similar train records, most similar first, plus every further record exactly as
    /// similar as the k-th (so identical texts all vote rather than the first few in file order).
    /// </summary>
    public List<(TLabel Label, float Similarity)> Neighbours(float[] query, int k)
    {
        var scored = new List<(int Index, float Similarity)>(_train.Count);
        for (var i = 0; i < _train.Count; i++)
        {
            scored.Add((i, TensorPrimitives.Dot(query, _train[i].Vector)));
        }

        scored.Sort((a, b) => b.Similarity != a.Similarity ? b.Similarity.CompareTo(a.Similarity) : a.Index.CompareTo(b.Index));
        var take = Math.Min(k, scored.Count);
        while (take > 0 && take < scored.Count && scored[take].Similarity >= scored[take - 1].Similarity - 1e-6f)
        {
            take++;
        }

        return scored.Take(take).Select(s => (_train[s.Index].Label, s.Similarity)).ToList();
    }
}

/// <summary>Similarity-weighted label votes for <see cref="EmbeddingKnn{TLabel}"/>.</summary>
public static class KnnVote
{
    /// <summary>The label with the largest summed similarity; ties go to the ordinally first label.</summary>
    public static string Winner(IEnumerable<(string Label, float Similarity)> neighbours) =>
        Scores(neighbours).OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).First().Key;

    public static Dictionary<string, double> Scores(IEnumerable<(string Label, float Similarity)> neighbours)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (label, similarity) in neighbours)
        {
            scores[label] = scores.GetValueOrDefault(label) + Math.Max(similarity, 1e-6f);
        }

        return scores;
    }
}
