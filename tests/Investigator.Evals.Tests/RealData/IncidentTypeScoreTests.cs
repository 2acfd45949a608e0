using Investigator.Core.Learning;
using Investigator.Evals.RealData;

namespace Investigator.Evals.Tests.RealData;

public sealed class IncidentTypeScoreTests
{
    [Fact]
    public void Best_threshold_separates_separable_scores_in_the_middle_of_the_gap()
    {
        var (threshold, f1) = IncidentTypeScore.BestThreshold([5, 4, 1, 0], [true, true, false, false]);

        Assert.Equal(2.5, threshold);
        Assert.Equal(1, f1);
    }

    [Fact]
    public void Best_threshold_may_call_nothing_an_incident()
    {
        // Calling the top score an incident is wrong; calling both right costs a false positive on the other label.
        var (threshold, f1) = IncidentTypeScore.BestThreshold([9, 1, 1, 1], [false, true, false, false]);

        Assert.True(threshold > 9, $"threshold {threshold}");
        Assert.Equal((0 + (2.0 * 3 / (3 + 4))) / 2, f1, 9);
    }

    [Fact]
    public void Equal_scores_fall_on_the_same_side_of_the_threshold()
    {
        var (threshold, _) = IncidentTypeScore.BestThreshold([2, 2, 2, 0], [true, true, false, false]);

        Assert.InRange(threshold, 0, 2);
        Assert.NotEqual(2, threshold);
        Assert.NotEqual(0, threshold);
    }

    [Fact]
    public void Score_sums_the_evidence_in_log_odds_and_compares_it_with_the_threshold()
    {
        var settings = new IncidentTypeSettings(0.5, KnnWeight: 2, RuleWeight: 1, Threshold: 3);

        Assert.Equal(1.5 + (2 * 0.25) + 1, IncidentTypeScore.Combine(settings, 1.5, 0.25, ruleFired: true));
        Assert.Equal(1.5 + (2 * 0.25), IncidentTypeScore.Combine(settings, 1.5, 0.25, ruleFired: false));
        Assert.Equal("incident", IncidentTypeScore.Label(settings, 3.01));
        Assert.Equal("request", IncidentTypeScore.Label(settings, 3));
        Assert.Equal(Math.Log(2.5 / 0.5), IncidentTypeScore.KnnLogOdds(new Dictionary<string, double> { ["incident"] = 2 }), 9);
    }

    [Fact]
    public void Folds_are_stable_fifths_of_the_ids()
    {
        var ids = Enumerable.Range(0, 5000).Select(i => $"endava-{i:00000}").ToList();
        var folds = ids.Select(IncidentTypeScore.FoldOf).ToList();

        Assert.Equal(folds, ids.Select(IncidentTypeScore.FoldOf));
        Assert.All(Enumerable.Range(0, IncidentTypeScore.Folds), f => Assert.InRange(folds.Count(x => x == f) / (double)ids.Count, 0.17, 0.23));
    }

    [Fact]
    public void Tuning_on_separable_train_records_validates_perfectly_and_keeps_the_simplest_settings()
    {
        var embedder = new HashingEmbeddingGenerator();
        var train = Enumerable.Range(0, 60)
            .Select(i => i % 4 == 0
                ? Example(embedder, $"t-{i}", $"server outage error since morning case {i}", incident: true)
                : Example(embedder, $"t-{i}", $"please order laptop for starter case {i}", incident: false))
            .ToList();

        var tuning = IncidentTypeScore.Tune(train, embedder, k: 3);

        Assert.Equal(1, tuning.ValidationMacroF1);
        Assert.Equal(60, tuning.ValidationRecords);
        Assert.Equal(15, tuning.ValidationIncidents);
        // Every setting separates these records, so the first of the grid wins.
        Assert.Equal(IncidentTypeScore.Smoothings[0], tuning.Settings.Smoothing);
        Assert.Equal(0, tuning.Settings.KnnWeight);
        Assert.Equal(0, tuning.Settings.RuleWeight);
    }

    private static IncidentTypeExample Example(HashingEmbeddingGenerator embedder, string id, string text, bool incident) =>
        new(id, text, embedder.Embed(text), RuleFired: false, incident);
}
