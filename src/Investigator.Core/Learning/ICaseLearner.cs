using System.Globalization;
using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace Investigator.Core.Learning;

/// <summary>Layer 5: turns a confirmed resolution into case memory.</summary>
public interface ICaseLearner
{
    Task<LearningOutcome> LearnAsync(ResolvedCase resolved, CancellationToken cancellationToken);
}

/// <summary>
/// The vector store of resolved cases (embedded SQLite, or Qdrant). Every implementation behaves the
/// same: a near-duplicate of a stored case (see <see cref="NearDuplicate"/>) is merged into it, a search
/// returns the most similar cases first, filtered by <see cref="CaseMemoryFilter"/>, and a store refuses
/// vectors from a generator other than the one it was built with (<see cref="EmbeddingMismatchException"/>).
/// </summary>
public interface ICaseMemory
{
    /// <summary>Stores a case, or merges it into a near-duplicate already stored. A case with a stored key replaces it.</summary>
    Task<LearningOutcome> UpsertAsync(ResolvedCase resolved, CancellationToken cancellationToken);

    /// <summary>
    /// The <paramref name="top"/> (1 to 100) most similar cases that pass <paramref name="filter"/>, most
    /// similar first, with their cosine similarity rounded to 4 decimals.
    /// </summary>
    Task<IReadOnlyList<SimilarCase>> SearchAsync(string text, int top, CaseMemoryFilter filter, CancellationToken cancellationToken);

    /// <summary>Removes the case stored under <paramref name="caseKey"/>; false when there is none (a merged case has no key of its own).</summary>
    Task<bool> DeleteAsync(string caseKey, CancellationToken cancellationToken);

    Task<int> CountAsync(CancellationToken cancellationToken);
}

/// <summary>When a new case counts as one already stored, and what the merged case keeps.</summary>
public static class NearDuplicate
{
    /// <summary>Cosine similarity from which a new case is merged into a stored case of the same disposition.</summary>
    public const double Threshold = 0.92;

    /// <summary>
    /// The stored case with the new one counted in. It keeps its key, text and first resolution time:
    /// the knowledge has existed since then. A verification or prevention the stored case lacks is taken
    /// from the new one, so that what a later lead recorded is not lost.
    /// </summary>
    public static ResolvedCase Merge(ResolvedCase stored, ResolvedCase incoming) => stored with
    {
        Occurrences = stored.Occurrences + incoming.Occurrences,
        ResolvedAt = stored.ResolvedAt <= incoming.ResolvedAt ? stored.ResolvedAt : incoming.ResolvedAt,
        Verification = string.IsNullOrWhiteSpace(stored.Verification) ? incoming.Verification : stored.Verification,
        Prevention = string.IsNullOrWhiteSpace(stored.Prevention) ? incoming.Prevention : stored.Prevention,
    };
}

/// <summary>Which embedding generator made a vector, and how long the vector is.</summary>
public sealed record EmbeddingSignature(string GeneratorId, int Dimensions)
{
    /// <summary>"provider:model/dimensions", the form the embedded store has always persisted.</summary>
    public override string ToString() => $"{GeneratorId}/{Dimensions.ToString(CultureInfo.InvariantCulture)}";

    public static EmbeddingSignature? Parse(string? text)
    {
        var slash = text?.LastIndexOf('/') ?? -1;
        return slash > 0 && int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var dimensions)
            ? new EmbeddingSignature(text![..slash], dimensions)
            : null;
    }
}

/// <summary>Thrown when a store holds vectors of another embedding generator or dimension than the configured one.</summary>
public sealed class EmbeddingMismatchException(string store, EmbeddingSignature stored, EmbeddingSignature configured)
    : InvalidOperationException(
        $"{store} holds vectors from embedding generator '{stored.GeneratorId}' with {stored.Dimensions} dimensions, but the configured generator is " +
        $"'{configured.GeneratorId}' with {configured.Dimensions} dimensions. Mixing generators or dimensions in one store is refused, " +
        "because their similarities mean nothing to each other; use a new store path or collection, or re-embed the cases.")
{
    public EmbeddingSignature Stored { get; } = stored;

    public EmbeddingSignature Configured { get; } = configured;
}

/// <summary>
/// The embedding side every case memory shares: the text a case is embedded by, unit-length vectors (so
/// cosine similarity is a dot product), and the generator's <see cref="EmbeddingSignature"/>.
/// </summary>
public sealed class CaseEmbedder
{
    private const string DimensionProbe = "dimension probe";
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private int _dimensions;

    public CaseEmbedder(IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        _generator = generator;
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        GeneratorId = $"{metadata?.ProviderName ?? generator.GetType().Name}:{metadata?.DefaultModelId ?? "unknown"}";
        _dimensions = metadata?.DefaultModelDimensions ?? 0;
    }

    public string GeneratorId { get; }

    /// <summary>The dimensions the generator declares, or null when it declares none and has not embedded yet.</summary>
    public int? DeclaredDimensions => _dimensions > 0 ? _dimensions : null;

    /// <summary>The text a case is embedded by: what a new ticket about the same problem would say.</summary>
    public static string TextOf(ResolvedCase c) => $"{c.Summary} {c.Product} {c.Category} {string.Join(' ', c.Labels)} {c.RootCause}";

    /// <summary>The generator's signature; a generator that declares no dimensions is asked for one vector to learn them.</summary>
    public async Task<EmbeddingSignature> SignatureAsync(CancellationToken cancellationToken)
    {
        if (_dimensions == 0)
        {
            await EmbedAsync(DimensionProbe, cancellationToken);
        }

        return new EmbeddingSignature(GeneratorId, _dimensions);
    }

    /// <summary>A unit-length vector for <paramref name="text"/>; one of another length than before is refused.</summary>
    public async Task<float[]> EmbedAsync(string text, CancellationToken cancellationToken)
    {
        var embeddings = await _generator.GenerateAsync([text], cancellationToken: cancellationToken);
        var vector = embeddings[0].Vector.ToArray();
        var known = Interlocked.CompareExchange(ref _dimensions, vector.Length, 0);
        if (known != 0 && vector.Length != known)
        {
            throw new InvalidOperationException($"The embedding generator '{GeneratorId}' returned {vector.Length} dimensions; {known} were declared or seen before.");
        }

        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }
}
