using Investigator.Evals.RealData;

namespace Investigator.Evals.Tests.Learning;

public sealed class RankingScoresTests
{
    [Fact]
    public void First_relevant_rank_is_one_based_and_null_when_nothing_relevant_is_ranked()
    {
        IReadOnlyList<string> ranked = ["a", "b", "c", "d"];

        Assert.Equal(3, RankingScores.FirstRelevantRank(ranked, new HashSet<string> { "d", "c" }));
        Assert.Equal(1, RankingScores.FirstRelevantRank(ranked, new HashSet<string> { "a" }));
        Assert.Null(RankingScores.FirstRelevantRank(ranked, new HashSet<string> { "z" }));
    }

    [Fact]
    public void Recall_at_k_and_mrr_on_a_hand_worked_example()
    {
        // Three queries: a duplicate at rank 1, one at rank 3, and one whose duplicate never comes up.
        int?[] ranks = [1, 3, null];

        Assert.Equal(1.0 / 3, RankingScores.RecallAt(ranks, 1), 10);
        Assert.Equal(1.0 / 3, RankingScores.RecallAt(ranks, 2), 10);
        Assert.Equal(2.0 / 3, RankingScores.RecallAt(ranks, 3), 10);
        Assert.Equal(2.0 / 3, RankingScores.RecallAt(ranks, 10), 10);
        Assert.Equal((1 + (1.0 / 3) + 0) / 3, RankingScores.MeanReciprocalRank(ranks), 10);
        Assert.Equal(0, RankingScores.RecallAt([], 10));
        Assert.Equal(0, RankingScores.MeanReciprocalRank([]));
    }

    [Fact]
    public void The_random_baseline_is_the_exact_expectation()
    {
        // Four candidates, one relevant: it is first with probability 1/4, in the top 2 with 1/2, and
        // E[1/rank] = (1 + 1/2 + 1/3 + 1/4) / 4 = 25/48.
        Assert.Equal(0.25, RankingScores.RandomRecallAt(4, 1, 1), 10);
        Assert.Equal(0.5, RankingScores.RandomRecallAt(4, 1, 2), 10);
        Assert.Equal(25.0 / 48, RankingScores.RandomReciprocalRank(4, 1), 10);

        // Four candidates, two relevant: first relevant at rank 1, 2, 3 with 1/2, 1/3, 1/6.
        Assert.Equal(5.0 / 6, RankingScores.RandomRecallAt(4, 2, 2), 10);
        Assert.Equal((1.0 / 2) + (1.0 / 3 / 2) + (1.0 / 6 / 3), RankingScores.RandomReciprocalRank(4, 2), 10);
        Assert.Equal(1, RankingScores.RandomRecallAt(4, 2, 3), 10);
    }

    [Fact]
    public void The_random_baseline_matches_every_order_enumerated()
    {
        // Five candidates, two of them relevant: average over all 120 orders.
        var candidates = new[] { "r1", "r2", "x", "y", "z" };
        var relevant = new HashSet<string> { "r1", "r2" };
        var ranks = Permutations(candidates).Select(order => RankingScores.FirstRelevantRank(order, relevant)).ToList();

        Assert.Equal(120, ranks.Count);
        Assert.Equal(RankingScores.RecallAt(ranks, 1), RankingScores.RandomRecallAt(5, 2, 1), 10);
        Assert.Equal(RankingScores.RecallAt(ranks, 2), RankingScores.RandomRecallAt(5, 2, 2), 10);
        Assert.Equal(RankingScores.MeanReciprocalRank(ranks), RankingScores.RandomReciprocalRank(5, 2), 10);
    }

    private static IEnumerable<List<string>> Permutations(IReadOnlyList<string> items) =>
        items.Count == 0
            ? [[]]
            : items.SelectMany((item, i) => Permutations([.. items.Take(i), .. items.Skip(i + 1)]).Select(rest => (List<string>)[item, .. rest]));
}
