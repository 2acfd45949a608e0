using Investigator.Core.Sources.Local;

namespace Investigator.Core.Learning.Knowledge;

/// <summary>
/// The vectors of the knowledge base's sections (<see cref="KnowledgeSections"/>), in an index of their own,
/// apart from case memory. The Markdown files are the source of truth: the index is rebuilt from them with
/// <see cref="ReindexAsync"/>. Every implementation records the embedding generator's
/// <see cref="EmbeddingSignature"/> and refuses vectors of another one (<see cref="EmbeddingMismatchException"/>).
/// </summary>
public interface IKnowledgeSectionIndex
{
    /// <summary>
    /// Makes the index hold exactly <paramref name="sections"/>: each is embedded and stored under its
    /// <see cref="KnowledgeSection.Key"/>, and every section stored before that is not among them is removed.
    /// </summary>
    Task<SectionReindexResult> ReindexAsync(IReadOnlyList<KnowledgeSection> sections, CancellationToken cancellationToken);

    /// <summary>
    /// The <paramref name="top"/> (1 to 100) sections most similar to <paramref name="text"/>, most similar
    /// first, with their cosine similarity rounded to 4 decimals; none before the first reindex.
    /// </summary>
    Task<IReadOnlyList<SectionMatch>> SearchAsync(string text, int top, CancellationToken cancellationToken);

    /// <summary>How many sections the index holds.</summary>
    Task<int> CountAsync(CancellationToken cancellationToken);
}

/// <summary>A section and its cosine similarity to the query.</summary>
public sealed record SectionMatch(KnowledgeSection Section, double Score);

/// <summary>What a reindex did: the sections now held, the stale ones removed, and the generator of the vectors.</summary>
public sealed record SectionReindexResult(int Indexed, int Removed, EmbeddingSignature Signature);
