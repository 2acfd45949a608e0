using Investigator.Core.Investigation.Tools;
using Investigator.Core.Sources;
using Investigator.Core.Sources.Local;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Investigator.Core.Learning.Knowledge;

/// <summary>How the knowledge base ranks sections.</summary>
public enum KnowledgeRanking
{
    /// <summary>BM25 only; the vector index is not built.</summary>
    Lexical,

    /// <summary>BM25 and vector similarity fused by reciprocal rank for every query.</summary>
    Fused,

    /// <summary>
    /// BM25 while its best section reaches <see cref="KnowledgePlugin.MinimumArticleScore"/>; below that
    /// (a question that shares no or few words with the article that answers it) the fused ranking.
    /// </summary>
    VectorFallback,
}

/// <summary>
/// The knowledge base searched by BM25 (<see cref="MarkdownKnowledgeBase"/>) and by embedding similarity
/// (<see cref="IKnowledgeSectionIndex"/>) over the same sections, combined as <see cref="Ranking"/> says.
/// Fusion is reciprocal rank fusion (Cormack et al., 2009): a section's fused score is the sum over both
/// rankings of 1 / (<see cref="RankConstant"/> + rank), so neither BM25 scores nor cosine similarities
/// need calibrating against each other.
/// <para>
/// <see cref="KnowledgeHit.Score"/> stays the BM25 score of the section shown (0 for a section only the
/// vectors found): <see cref="KnowledgePlugin.MinimumArticleScore"/> and <see cref="KnowledgeGapFinder"/>
/// compare it with BM25 thresholds, and a cosine similarity's scale depends on the embedding model. So
/// vectors change which sections are shown and in what order; whether a section is cited as answering
/// the question is still decided by its words.
/// </para>
/// <para>
/// The index is built from the knowledge base's sections on first use (or by <see cref="IndexAsync"/> at
/// start). When it cannot be built or searched (Qdrant down), the search falls back to BM25 alone, logs a
/// warning, and tries the index again after <see cref="RetryIndexAfter"/>; an embedding mismatch is a
/// configuration error and is thrown.
/// </para>
/// </summary>
public sealed class HybridKnowledgeBase : IKnowledgeBase, IDisposable
{
    /// <summary>The k of reciprocal rank fusion; 60 is the value of the original paper, used unchanged.</summary>
    public const int RankConstant = 60;

    /// <summary>How many sections the vector ranking contributes to fusion.</summary>
    public const int VectorCandidates = 50;

    /// <summary>How long after a failed index build the next search tries again.</summary>
    public static readonly TimeSpan RetryIndexAfter = TimeSpan.FromMinutes(1);

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, KnowledgeSection> _sections;
    private readonly SemaphoreSlim _indexing = new(1, 1);
    private bool _indexed;
    private DateTimeOffset? _failedAt;

    public HybridKnowledgeBase(MarkdownKnowledgeBase lexical, IKnowledgeSectionIndex index, KnowledgeRanking ranking = KnowledgeRanking.VectorFallback,
        ILogger<HybridKnowledgeBase>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(lexical);
        ArgumentNullException.ThrowIfNull(index);
        Lexical = lexical;
        Index = index;
        Ranking = ranking;
        _logger = logger ?? NullLogger<HybridKnowledgeBase>.Instance;
        _time = time ?? TimeProvider.System;
        _sections = lexical.Sections.ToDictionary(s => s.Key, StringComparer.Ordinal);
    }

    /// <summary>The BM25 side, which also holds the articles.</summary>
    public MarkdownKnowledgeBase Lexical { get; }

    public IKnowledgeSectionIndex Index { get; }

    public KnowledgeRanking Ranking { get; }

    public IReadOnlyList<KnowledgeArticle> Articles => Lexical.Articles;

    /// <summary>
    /// Builds the index from the knowledge base's sections unless it is built already; false when it could
    /// not be (logged), or when <see cref="Ranking"/> is <see cref="KnowledgeRanking.Lexical"/>.
    /// </summary>
    public async Task<bool> IndexAsync(CancellationToken cancellationToken)
    {
        if (Ranking == KnowledgeRanking.Lexical)
        {
            return false;
        }

        if (Volatile.Read(ref _indexed))
        {
            return true;
        }

        await _indexing.WaitAsync(cancellationToken);
        try
        {
            if (_indexed)
            {
                return true;
            }

            if (_failedAt is { } failed && _time.GetUtcNow() - failed < RetryIndexAfter)
            {
                return false;
            }

            var result = await Index.ReindexAsync(Lexical.Sections, cancellationToken);
            _logger.LogInformation("Knowledge-section index built: {Sections} sections from {Articles} articles, {Removed} stale removed, vectors from {Generator}",
                result.Indexed, Lexical.Articles.Count, result.Removed, result.Signature);
            Volatile.Write(ref _indexed, true);
            _failedAt = null;
            return true;
        }
        catch (Exception ex) when (IsOutage(ex, cancellationToken))
        {
            _failedAt = _time.GetUtcNow();
            _logger.LogWarning(ex, "The knowledge-section index could not be built; searching with BM25 only, and trying again in {Retry}", RetryIndexAfter);
            return false;
        }
        finally
        {
            _indexing.Release();
        }
    }

    public async Task<IReadOnlyList<KnowledgeHit>> SearchAsync(string query, int top, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var lexical = Lexical.Rank(query);
        var vectorRanked = Ranking switch
        {
            KnowledgeRanking.Lexical => false,
            KnowledgeRanking.VectorFallback => lexical.Count == 0 || lexical[0].Score < KnowledgePlugin.MinimumArticleScore,
            _ => true,
        };
        var vector = vectorRanked ? await VectorRankAsync(query, cancellationToken) : [];
        if (vector.Count == 0)
        {
            return Hits(lexical.Select(x => (x.Section, x.Score)), top);
        }

        var bm25 = lexical.ToDictionary(x => x.Section.Key, x => x.Score, StringComparer.Ordinal);
        var fused = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var rank = 0; rank < lexical.Count; rank++)
        {
            fused[lexical[rank].Section.Key] = 1.0 / (RankConstant + rank + 1);
        }

        for (var rank = 0; rank < vector.Count; rank++)
        {
            fused[vector[rank].Key] = fused.GetValueOrDefault(vector[rank].Key) + (1.0 / (RankConstant + rank + 1));
        }

        var ordered = fused
            .OrderByDescending(f => f.Value)
            .ThenByDescending(f => bm25.GetValueOrDefault(f.Key))
            .ThenBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => (_sections[f.Key], bm25.GetValueOrDefault(f.Key)));
        return Hits(ordered, top);
    }

    public void Dispose() => _indexing.Dispose();

    /// <summary>The index's ranking, restricted to sections this knowledge base holds; empty when the index is unavailable.</summary>
    private async Task<IReadOnlyList<KnowledgeSection>> VectorRankAsync(string query, CancellationToken cancellationToken)
    {
        if (!await IndexAsync(cancellationToken))
        {
            return [];
        }

        try
        {
            var matches = await Index.SearchAsync(query, VectorCandidates, cancellationToken);
            return matches.Select(m => _sections.GetValueOrDefault(m.Section.Key)).OfType<KnowledgeSection>().ToList();
        }
        catch (Exception ex) when (IsOutage(ex, cancellationToken))
        {
            _logger.LogWarning(ex, "The knowledge-section index could not be searched; this search uses BM25 only");
            return [];
        }
    }

    /// <summary>The best section of each article, best article first, each with its BM25 score.</summary>
    private List<KnowledgeHit> Hits(IEnumerable<(KnowledgeSection Section, double Score)> ranked, int top) =>
        ranked.DistinctBy(x => x.Section.ArticleId).Take(top).Select(x => Lexical.Hit(x.Section, x.Score)).ToList();

    /// <summary>A failure the index may recover from; a mismatch of generators (configuration) and cancellation are not.</summary>
    private static bool IsOutage(Exception ex, CancellationToken cancellationToken) =>
        ex is not EmbeddingMismatchException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested);
}
