namespace Investigator.Core.Learning;

/// <summary>Layer 5: turns a confirmed resolution into case memory.</summary>
public interface ICaseLearner
{
    Task<LearningOutcome> LearnAsync(ResolvedCase resolved, CancellationToken cancellationToken);
}

/// <summary>The vector store of resolved cases (embedded SQLite, or Qdrant).</summary>
public interface ICaseMemory
{
    /// <summary>Stores a case, or merges it into a near-duplicate already stored.</summary>
    Task<LearningOutcome> UpsertAsync(ResolvedCase resolved, CancellationToken cancellationToken);

    Task<IReadOnlyList<SimilarCase>> SearchAsync(string text, int top, CaseMemoryFilter filter, CancellationToken cancellationToken);

    Task<int> CountAsync(CancellationToken cancellationToken);
}
