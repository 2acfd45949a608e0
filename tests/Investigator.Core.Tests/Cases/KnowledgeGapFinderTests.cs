using Investigator.Core.Decisioning;
using Investigator.Core.Intake;
using Investigator.Core.Learning;
using Investigator.Core.Sources;
using Investigator.Core.Tests.Support;
using NSubstitute;

namespace Investigator.Core.Tests.Cases;

public sealed class KnowledgeGapFinderTests
{
    private static ResolvedCase Case(string key, string? account, int occurrences = 1) =>
        new(key, account, "Webhooks", ProblemCategory.Webhooks, Disposition.UserOrConfigurationMistake, CaseType.Configuration,
            $"Deliveries rejected by the receiver ({key})", "The receiver's firewall blocked Flowpoint's new egress range. It started after a network change.",
            "Allow the new egress range. Replay the failed deliveries", [], [], TinyWorld.Reported, "lead", occurrences);

    private static (KnowledgeGapFinder Finder, IKnowledgeBase Kb) Finder(params SimilarCase[] similar)
    {
        var memory = Substitute.For<ICaseMemory>();
        memory.SearchAsync(Arg.Any<string>(), Arg.Any<int>(), Arg.Any<CaseMemoryFilter>(), Arg.Any<CancellationToken>()).Returns(similar);
        var kb = Substitute.For<IKnowledgeBase>();
        kb.SearchAsync(Arg.Any<string>(), Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(Array.Empty<KnowledgeHit>());
        return (new KnowledgeGapFinder(memory, kb), kb);
    }

    [Fact]
    public async Task Three_similar_resolved_cases_without_an_article_become_a_drafted_article()
    {
        var resolved = Case("c3", "acc_3");
        var (finder, _) = Finder(new(resolved, 1), new(Case("c1", "acc_1"), 0.8), new(Case("c2", "acc_2"), 0.7), new(Case("far", "acc_9"), 0.2));

        var article = await finder.SuggestAsync(resolved, TinyWorld.Reported, CancellationToken.None);

        Assert.NotNull(article);
        Assert.Equal("Webhooks: The receiver's firewall blocked Flowpoint's new egress range", article.Title);
        Assert.Equal(["c3", "c1", "c2"], article.RelatedCases);
        Assert.Equal(3, article.Occurrences);
        Assert.Equal(3, article.AccountsAffected);
        Assert.Equal(["Allow the new egress range.", "Replay the failed deliveries."], article.Steps);
        Assert.Equal(3, article.Symptoms.Count);
    }

    [Fact]
    public async Task The_leads_verification_closes_the_steps()
    {
        var resolved = Case("c3", "acc_3") with { Verification = "Deliveries show 200 in the log again." };
        var (finder, _) = Finder(new(resolved, 1), new(Case("c1", "acc_1"), 0.8), new(Case("c2", "acc_2"), 0.7));

        var article = await finder.SuggestAsync(resolved, TinyWorld.Reported, CancellationToken.None);

        Assert.Equal(["Allow the new egress range.", "Replay the failed deliveries.", "Verify: Deliveries show 200 in the log again."], article?.Steps);
    }

    [Fact]
    public async Task A_merged_duplicate_counts_its_occurrences_and_too_few_cases_draft_nothing()
    {
        var resolved = Case("c2", "acc_1");
        var (merged, _) = Finder(new(resolved, 1), new(Case("c1", "acc_1", occurrences: 2), 0.9));
        var (few, _) = Finder(new(resolved, 1), new(Case("c1", "acc_1"), 0.9));

        Assert.Equal(3, (await merged.SuggestAsync(resolved, TinyWorld.Reported, CancellationToken.None))?.Occurrences);
        Assert.Null(await few.SuggestAsync(resolved, TinyWorld.Reported, CancellationToken.None));
    }

    [Fact]
    public async Task When_an_article_already_answers_the_cases_nothing_is_drafted()
    {
        var resolved = Case("c3", "acc_3");
        var (finder, kb) = Finder(new(resolved, 1), new(Case("c1", "acc_1"), 0.8), new(Case("c2", "acc_2"), 0.7));
        var article = new KnowledgeArticle("kb-030", "Webhook egress ranges", [], [],
            "If the receiver's firewall blocked Flowpoint's new egress range after a network change, allow the range and replay.", "");
        kb.SearchAsync(Arg.Any<string>(), Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns([new KnowledgeHit(article, "Allow-listing", "…", 12.5)]);

        Assert.Null(await finder.SuggestAsync(resolved, TinyWorld.Reported, CancellationToken.None));
    }

    [Fact]
    public async Task An_article_that_only_shares_common_words_with_the_cause_does_not_count_as_an_answer()
    {
        var resolved = Case("c3", "acc_3");
        var (finder, kb) = Finder(new(resolved, 1), new(Case("c1", "acc_1"), 0.8), new(Case("c2", "acc_2"), 0.7));
        var article = new KnowledgeArticle("kb-015", "Data retention", [], [], "Runs are kept for 30 days after a change to your plan.", "");
        kb.SearchAsync(Arg.Any<string>(), Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns([new KnowledgeHit(article, "Retention", "…", 12.4)]);

        Assert.NotNull(await finder.SuggestAsync(resolved, TinyWorld.Reported, CancellationToken.None));
    }

    [Fact]
    public void Suggestions_that_affected_more_customers_come_first()
    {
        KnowledgeSuggestion S(string title, int accounts, int occurrences) => new(title, "", [], "", "", [], [], occurrences, accounts, TinyWorld.Reported);

        var ranked = KnowledgeGapFinder.Rank([S("one account, often", 1, 9), S("four accounts", 4, 4), S("two accounts", 2, 3)]);

        Assert.Equal(["four accounts", "two accounts", "one account, often"], ranked.Select(s => s.Title));
    }
}
