using System.Numerics.Tensors;
using Investigator.Core.Sources.Local;
using Microsoft.Extensions.AI;

namespace Investigator.Core.Learning.Knowledge;

/// <summary>
/// The section index in process memory, searched exactly: a knowledge base has a few hundred sections, so a
/// scan of <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/> over unit vectors is
/// both exact and fast. Nothing is persisted: the Markdown files are the source of truth and the index is
/// rebuilt from them at start. A reindex builds the new vectors aside and swaps them in whole, so a search
/// never sees half of one.
/// </summary>
public sealed class EmbeddedKnowledgeSectionIndex : IKnowledgeSectionIndex
{
    private const string Store = "The in-memory knowledge-section index";

    private readonly SectionEmbedder _embedder;
    private readonly Lock _writing = new();
    private Snapshot? _snapshot;

    public EmbeddedKnowledgeSectionIndex(IEmbeddingGenerator<string, Embedding<float>> generator) =>
        _embedder = new SectionEmbedder(generator, Store);

    /// <summary>The generator and dimension of the vectors held; null before the first reindex.</summary>
    public EmbeddingSignature? Signature => Volatile.Read(ref _snapshot)?.Signature;

    public async Task<SectionReindexResult> ReindexAsync(IReadOnlyList<KnowledgeSection> sections, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var unique = Unique(sections);
        var signature = await _embedder.SignatureAsync(cancellationToken);
        var vectors = await _embedder.EmbedAllAsync(unique.Select(s => s.EmbeddingText).ToList(), cancellationToken);
        var matrix = new float[unique.Count * signature.Dimensions];
        for (var i = 0; i < vectors.Count; i++)
        {
            vectors[i].CopyTo(matrix, i * signature.Dimensions);
        }

        lock (_writing)
        {
            var kept = unique.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
            var removed = _snapshot?.Sections.Count(s => !kept.Contains(s.Key)) ?? 0;
            Volatile.Write(ref _snapshot, new Snapshot(unique, matrix, signature));
            return new SectionReindexResult(unique.Count, removed, signature);
        }
    }

    public async Task<IReadOnlyList<SectionMatch>> SearchAsync(string text, int top, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is null || snapshot.Sections.Count == 0)
        {
            return [];
        }

        var query = await _embedder.EmbedAsync(text, cancellationToken);
        if (query.Length != snapshot.Signature.Dimensions)
        {
            throw new EmbeddingMismatchException(Store, snapshot.Signature, snapshot.Signature with { Dimensions = query.Length });
        }

        var dimensions = snapshot.Signature.Dimensions;
        var scores = new float[snapshot.Sections.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = TensorPrimitives.Dot(snapshot.Vectors.AsSpan(i * dimensions, dimensions), query);
        }

        return Enumerable.Range(0, scores.Length)
            .OrderByDescending(i => scores[i])
            .ThenBy(i => i)
            .Take(Math.Clamp(top, 1, 100))
            .Select(i => new SectionMatch(snapshot.Sections[i], Math.Round(scores[i], 4)))
            .ToList();
    }

    public Task<int> CountAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Volatile.Read(ref _snapshot)?.Sections.Count ?? 0);

    /// <summary>A section key given twice is stored once, the last one winning, as an upsert would.</summary>
    internal static List<KnowledgeSection> Unique(IReadOnlyList<KnowledgeSection> sections)
    {
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < sections.Count; i++)
        {
            last[sections[i].Key] = i;
        }

        return sections.Where((s, i) => last[s.Key] == i).ToList();
    }

    /// <summary>The sections and their vectors, row for row in one flat array.</summary>
    private sealed record Snapshot(IReadOnlyList<KnowledgeSection> Sections, float[] Vectors, EmbeddingSignature Signature);
}
