namespace Investigator.Evals.RealData;

/// <summary>
/// Retrieval scores from the rank (1-based) at which each query's first relevant candidate appears, the
/// way duplicate-report retrieval is usually scored: recall@k is the share of queries with at least one
/// relevant candidate in the top k (the "recall rate"), MRR the mean of 1 / that rank. A query whose
/// relevant candidates are not ranked at all has rank null and scores 0 on both.
/// </summary>
public static class RankingScores
{
    /// <summary>The 1-based position of the first relevant id in <paramref name="ranked"/>, or null.</summary>
    public static int? FirstRelevantRank(IReadOnlyList<string> ranked, IReadOnlySet<string> relevant)
    {
        for (var i = 0; i < ranked.Count; i++)
        {
            if (relevant.Contains(ranked[i]))
            {
                return i + 1;
            }
        }

        return null;
    }

    public static double RecallAt(IReadOnlyCollection<int?> ranks, int k) =>
        ranks.Count == 0 ? 0 : (double)ranks.Count(r => r <= k) / ranks.Count;

    public static double MeanReciprocalRank(IReadOnlyCollection<int?> ranks) =>
        ranks.Count == 0 ? 0 : ranks.Sum(r => r is { } rank ? 1.0 / rank : 0) / ranks.Count;

    /// <summary>
    /// The expected recall@k of a uniformly random order of <paramref name="candidates"/> of which
    /// <paramref name="relevant"/> are relevant: 1 − C(N − m, k) / C(N, k).
    /// </summary>
    public static double RandomRecallAt(int candidates, int relevant, int k)
    {
        var missAll = 1.0;
        for (var i = 0; i < Math.Min(k, candidates); i++)
        {
            missAll *= Math.Max(0.0, (double)(candidates - relevant - i) / (candidates - i));
        }

        return 1 - missAll;
    }

    /// <summary>
    /// The expected reciprocal rank of the first relevant candidate in a uniformly random order:
    /// Σ_r P(first relevant at r) / r, with P(first at r) = Π_{i&lt;r−1} (N − m − i)/(N − i) · m/(N − r + 1).
    /// </summary>
    public static double RandomReciprocalRank(int candidates, int relevant)
    {
        if (relevant <= 0 || candidates <= 0)
        {
            return 0;
        }

        var expected = 0.0;
        var noneYet = 1.0;
        for (var r = 1; r <= candidates - relevant + 1; r++)
        {
            var remaining = candidates - (r - 1);
            expected += noneYet * relevant / remaining / r;
            noneYet *= (double)(remaining - relevant) / remaining;
        }

        return expected;
    }
}
