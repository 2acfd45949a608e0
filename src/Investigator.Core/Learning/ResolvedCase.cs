using Investigator.Core.Decisioning;
using Investigator.Core.Intake;

namespace Investigator.Core.Learning;

/// <summary>
/// A human-confirmed resolution, as stored in case memory. Personal data is removed before it is
/// stored; <see cref="Occurrences"/> counts near-duplicates merged into it.
/// </summary>
public sealed record ResolvedCase(
    string CaseKey,
    string? AccountId,
    string Product,
    ProblemCategory Category,
    Disposition Disposition,
    CaseType Type,
    string Summary,
    string RootCause,
    string Resolution,
    IReadOnlyList<string> EvidenceSummary,
    IReadOnlyList<string> Labels,
    DateTimeOffset ResolvedAt,
    string ConfirmedBy,
    int Occurrences = 1);

/// <summary>A resolved case found by similarity, with its cosine score.</summary>
public sealed record SimilarCase(ResolvedCase Case, double Score);

/// <summary>What a learning write did.</summary>
public enum LearningOutcome { Stored, MergedWithExisting }

/// <summary>
/// Filters on a similarity search, all optional and all applied together. <see cref="AccountId"/> and
/// <see cref="Product"/> match whole values, ignoring case; <see cref="ResolvedAfter"/> is inclusive and
/// <see cref="ResolvedBefore"/> exclusive (it keeps evaluations free of hindsight).
/// </summary>
public sealed record CaseMemoryFilter(
    string? AccountId = null,
    string? Product = null,
    Disposition? Disposition = null,
    DateTimeOffset? ResolvedAfter = null,
    DateTimeOffset? ResolvedBefore = null)
{
    /// <summary>The lowest cosine similarity a result may have (inclusive); null for no threshold.</summary>
    public double? MinimumScore { get; init; }
}
