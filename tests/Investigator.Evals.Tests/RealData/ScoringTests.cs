using Investigator.Core.Diagnostics;
using Investigator.Evals.RealData;
using Investigator.Evals.Scoring;

namespace Investigator.Evals.Tests.RealData;

public sealed class ScoringTests
{
    [Theory]
    [InlineData("endava-00001", false)] // FNV-1a 2334522134, % 100 = 34
    [InlineData("endava-00004", true)] // 2418410229, % 100 = 29
    [InlineData("endava-00005", true)] // 2401632610, % 100 = 10
    [InlineData("hadoop:13400058", false)] // 352934931, % 100 = 31
    public void Split_is_30_percent_test_by_fnv1a_of_the_id(string id, bool test)
    {
        Assert.Equal(test, DataSplit.IsTest(id));
        Assert.Equal(test, StableHash.Of(id) % 100 < 30);
    }

    [Fact]
    public void Split_is_deterministic_disjoint_and_complete()
    {
        var ids = Enumerable.Range(0, 2000).Select(i => $"record-{i:00000}").ToList();

        var (train1, test1) = DataSplit.Of(ids, id => id);
        var (train2, test2) = DataSplit.Of(ids.AsEnumerable().Reverse(), id => id);

        Assert.Equal(test1.Order(StringComparer.Ordinal), test2.Order(StringComparer.Ordinal));
        Assert.Equal(train1.Order(StringComparer.Ordinal), train2.Order(StringComparer.Ordinal));
        Assert.Empty(train1.Intersect(test1));
        Assert.Equal(ids.Count, train1.Count + test1.Count);
        Assert.InRange(test1.Count / (double)ids.Count, 0.25, 0.35);
    }

    [Fact]
    public void Majority_baseline_predicts_the_most_frequent_train_label_and_breaks_ties_ordinally()
    {
        Assert.Equal("request", Classification.Majority(["incident", "request", "request"]));
        Assert.Equal("P2", Classification.Majority(["P3", "P2", "P3", "P2"]));
    }

    [Fact]
    public void Lexical_baseline_is_naive_bayes_over_the_training_words()
    {
        var classifier = new LexicalClassifier(
        [
            ("reset password", "request"),
            ("new laptop password", "request"),
            ("server down error", "incident"),
            ("error crash", "incident"),
            ("order new monitor", "request"),
        ]);

        Assert.Equal(["incident", "request"], classifier.Labels);
        Assert.Equal("request", classifier.Predict("password"));
        Assert.Equal("incident", classifier.Predict("the server shows an error"));
        Assert.Equal("request", classifier.Predict("new monitor"));
        // Unknown words: only the prior (3 requests of 5) decides.
        Assert.Equal("request", classifier.Predict("completely unrelated words"));
    }

    [Fact]
    public void Lexical_baseline_breaks_exact_ties_to_the_ordinally_first_label()
    {
        var classifier = new LexicalClassifier([("alpha", "b"), ("beta", "a")]);

        Assert.Equal("a", classifier.Predict("gamma"));
        Assert.Equal("b", classifier.Predict("alpha"));
    }

    [Fact]
    public void Knn_votes_with_train_labels_only_and_lets_identical_texts_all_vote()
    {
        var memory = new EmbeddingKnn<string>(
        [
            ("we are currently investigating this issue", "major"),
            ("we are currently investigating this issue", "minor"),
            ("we are currently investigating this issue", "minor"),
            ("degraded performance for actions", "minor"),
        ]);

        var neighbours = memory.Neighbours(memory.Embed("we are currently investigating this issue"), 1);

        Assert.Equal(3, neighbours.Count);
        Assert.Equal("minor", KnnVote.Winner(neighbours));
    }

    [Fact]
    public void Set_micro_f1_counts_shared_members()
    {
        var f1 = RealDataScoring.SetMicroF1(
        [
            (["Actions", "Pages"], ["Actions"]),
            (["Issues"], ["Issues", "Copilot"]),
        ]);

        // tp 2, fp 1, fn 1: precision 2/3, recall 2/3.
        Assert.Equal(2.0 / 3, f1, 9);
    }

    [Fact]
    public void Priority_within_one_counts_adjacent_levels()
    {
        Assert.Equal(0.75, GitBugsSuite.WithinOne([("P0", "P1"), ("P2", "P2"), ("P3", "P1"), ("P2", "P3")]), 9);
    }

    [Fact]
    public void Case_result_passes_only_when_every_expected_label_is_predicted()
    {
        var passed = RealDataScoring.Case("x", new Dictionary<string, string> { ["type"] = "incident" }, new Dictionary<string, string> { ["type"] = "incident", ["extra"] = "y" }, 1.5);
        var failed = RealDataScoring.Case("y", new Dictionary<string, string> { ["type"] = "incident", ["urgency"] = "1" }, new Dictionary<string, string> { ["type"] = "incident", ["urgency"] = "3" }, 1.5);

        Assert.True(passed.Passed);
        Assert.False(failed.Passed);
        Assert.Equal(["urgency: expected 1, got 3"], failed.Failures);
    }

    [Theory]
    [InlineData("Scheduled", "Migrations will be paused on Monday.", "maintenance")]
    [InlineData("Investigating", "We are currently experiencing an outage of GitHub products and are investigating.", "critical")]
    [InlineData("Investigating", "We are investigating reports of degraded availability for Actions", "major")]
    [InlineData("Investigating", "We are investigating reports of degraded performance for Codespaces.", "minor")]
    [InlineData("Investigating", "We are currently investigating this issue.", null)]
    public void Status_wording_reads_the_statuspage_impact_words(string status, string message, string? impact) =>
        Assert.Equal(impact, GitHubStatusSuite.StatusWording.Impact(status, message));

    [Fact]
    public void Component_catalogue_finds_named_components_longest_first_and_case_sensitively()
    {
        var catalogue = new GitHubStatusSuite.ComponentCatalogue(["Copilot", "Copilot AI Model Providers", "Issues", "Pull Requests", "Actions"]);

        Assert.Equal(["Copilot AI Model Providers"], catalogue.Named("degraded availability for Copilot AI Model Providers"));
        Assert.Equal(["Pull Requests", "Actions", "Issues"], catalogue.Named("degraded performance for Actions, Issues and Pull Requests"));
        Assert.Empty(catalogue.Named("We are currently investigating this issue and other issues."));
    }

    [Fact]
    public void Key_facts_are_the_distinct_content_terms_of_the_reference()
    {
        const string reference = "Mount points for hard drives are **automatically** created. See [the docs](https://x.y/z) ![img](a.png)\n\nExample: `cd /mnt/c`\n\nquestions:";

        var facts = KeyFacts.Of(reference);

        Assert.Equal(["mount", "point", "hard", "driv", "automatically", "creat", "doc", "exampl", "cd", "mnt"], facts);
        Assert.Equal(0.3, KeyFacts.Recall(facts, "Drives are mounted under /mnt."), 9);
        Assert.Equal(0, KeyFacts.Recall([], "anything"));
    }

    [Fact]
    public void Extractive_drafter_only_uses_and_cites_the_hit_sections()
    {
        var sections = new Dictionary<string, string>
        {
            ["install#Overview"] = "Install WSL with one command.\n\n```powershell\nwsl --install\n```\n\nRestart the machine afterwards.",
            ["networking#DNS"] = "DNS tunneling answers DNS requests from Windows.",
        };
        var drafter = new WslFaqSuite.ExtractiveDrafter(sections);
        var article = new Investigator.Core.Sources.KnowledgeArticle("install", "Install WSL", [], [], "", "install.md");

        var answer = drafter.Draft("How do I install WSL?", [new Investigator.Core.Sources.KnowledgeHit(article, "Overview", "", 1)]);

        Assert.Equal(["install#Overview"], answer.Citations);
        Assert.StartsWith("Install WSL with one command.", answer.Text, StringComparison.Ordinal);
        Assert.Contains("wsl --install", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("DNS", answer.Text, StringComparison.Ordinal);
        Assert.True(WslFaqSuite.CitationsValid(answer, sections));
        Assert.False(WslFaqSuite.CitationsValid(answer with { Citations = ["install#Nope"] }, sections));
        Assert.False(WslFaqSuite.CitationsValid(answer with { Citations = [] }, sections));
    }
}
