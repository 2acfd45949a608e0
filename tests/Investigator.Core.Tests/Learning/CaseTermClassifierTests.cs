using Investigator.Core.Learning;

namespace Investigator.Core.Tests.Learning;

public sealed class CaseTermClassifierTests
{
    private static readonly (string Text, string Label)[] Resolved =
    [
        ("mail server down since morning", "incident"),
        ("vpn down cannot connect", "incident"),
        ("printer error paper jam", "incident"),
        ("please order new laptop", "request"),
        ("new starter needs laptop and badge", "request"),
        ("access request shared folder", "request"),
        ("order new monitor", "request"),
    ];

    [Fact]
    public void Terms_are_the_distinct_words_then_the_adjacent_word_pairs()
    {
        // "is" and "the" are stop words; "servers" is stemmed; the repeated pair and word appear once.
        Assert.Equal(["server", "down", "again", "server down", "down again", "again server"], CaseTermClassifier.Terms("The servers is down again, server down"));
    }

    [Fact]
    public void A_word_seen_only_with_one_label_points_to_that_label()
    {
        var model = new CaseTermClassifier(Resolved);

        Assert.Equal(["incident", "request"], model.Labels);
        Assert.Equal(7, model.Cases);
        Assert.True(model.LogOdds("exchange down", "incident") > 0);
        Assert.True(model.LogOdds("laptop for new colleague", "incident") < 0);
        Assert.Equal("incident", model.Predict("exchange down"));
        Assert.Equal("request", model.Predict("laptop for new colleague"));
    }

    [Fact]
    public void Log_odds_of_the_two_labels_are_opposite_and_match_the_scores()
    {
        var model = new CaseTermClassifier(Resolved);
        var scores = model.LogScores("server down need new laptop");

        var incident = model.LogOdds("server down need new laptop", "incident");

        Assert.Equal(scores["incident"] - scores["request"], incident, 9);
        Assert.Equal(-incident, model.LogOdds("server down need new laptop", "request"), 9);
    }

    [Fact]
    public void A_term_counts_once_per_case_however_often_it_is_repeated()
    {
        // Fifty copies hold the same terms as "disk full disk": disk, full, "disk full" and "full disk".
        var once = new CaseTermClassifier([("disk full disk", "incident"), ("new mouse", "request")]);
        var repeated = new CaseTermClassifier([(string.Join(' ', Enumerable.Repeat("disk full", 50)), "incident"), ("new mouse", "request")]);

        Assert.Equal(once.LogOdds("disk full", "incident"), repeated.LogOdds("disk full", "incident"), 9);
        Assert.Equal(once.LogOdds("disk disk disk", "incident"), once.LogOdds("disk", "incident"), 9);
    }

    [Fact]
    public void Unknown_terms_leave_only_the_prior()
    {
        var model = new CaseTermClassifier(Resolved);

        // 3 incidents, 4 requests.
        Assert.Equal(Math.Log(3.0 / 4.0), model.LogOdds("zebra quantum", "incident"), 9);
        Assert.Equal(Math.Log(3.0 / 4.0), model.LogOdds("", "incident"), 9);
    }

    [Fact]
    public void Smaller_smoothing_trusts_rare_terms_more_and_shares_the_counts()
    {
        var laplace = new CaseTermClassifier(Resolved);
        var light = laplace.WithSmoothing(0.1);

        Assert.Equal(0.1, light.Smoothing);
        Assert.Equal(laplace.Vocabulary, light.Vocabulary);
        Assert.True(light.LogOdds("jam", "incident") > laplace.LogOdds("jam", "incident"));
        Assert.Equal(new CaseTermClassifier(Resolved, 0.1).LogOdds("paper jam", "incident"), light.LogOdds("paper jam", "incident"), 9);
        Assert.Equal(light.LogOdds("paper jam", "incident"), light.LogOdds(CaseTermClassifier.Terms("paper jam"), "incident"), 9);
    }

    [Fact]
    public void Three_labels_give_one_label_against_the_rest()
    {
        var model = new CaseTermClassifier([.. Resolved, ("how do i reset my password", "question"), ("how to share calendar", "question")]);
        var scores = model.LogScores("how to order a laptop");
        var others = Math.Log(Math.Exp(scores["incident"]) + Math.Exp(scores["question"]));

        Assert.Equal(scores["request"] - others, model.LogOdds("how to order a laptop", "request"), 9);
    }

    [Fact]
    public void A_label_no_case_had_is_minus_infinity_and_the_only_label_plus_infinity()
    {
        var model = new CaseTermClassifier(Resolved);
        var single = new CaseTermClassifier([("disk full", "incident")]);

        Assert.Equal(double.NegativeInfinity, model.LogOdds("server down", "question"));
        Assert.Equal(double.PositiveInfinity, single.LogOdds("anything", "incident"));
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new CaseTermClassifier([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CaseTermClassifier(Resolved, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CaseTermClassifier(Resolved).WithSmoothing(double.NaN));
    }
}
