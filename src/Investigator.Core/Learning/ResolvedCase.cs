using Investigator.Core.Decisioning;
using Investigator.Core.Intake;

namespace Investigator.Core.Learning;

/// <summary>
/// A human-confirmed resolution, as stored in case memory. Personal data is removed before it is
/// stored; <see cref="Occurrences"/> counts near-duplicates merged into it.
/// </summary>
/// <remarks>
/// <see cref="Verification"/> and <see cref="Prevention"/> are optional (properties, not constructor
/// parameters) so that cases stored before they existed still load, with null.
/// </remarks>
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
    int Occurrences = 1)
{
    /// <summary>How the lead checked that the resolution worked; null when not recorded.</summary>
    public string? Verification { get; init; }

    /// <summary>What keeps the problem from happening again; null when not recorded.</summary>
    public string? Prevention { get; init; }
}

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
