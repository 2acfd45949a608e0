using Investigator.Core.Cases;
using Investigator.Core.Learning;
using Investigator.Core.Sources;
using Investigator.Core.Tests.Support;
using NSubstitute;

namespace Investigator.Core.Tests.Cases;

public sealed class SuggestedArticlesTests
{
    private const string Problem = "Webhook deliveries fail with a TLS handshake error";
    private const string ObviousFix = "Renew the expired TLS certificate on the webhook receiver";
    private const string HiddenFix = "Disable the proxy's request buffering on the customer's gateway";

    private static KnowledgeSuggestion Suggestion(
        string title, int accounts = 1, int occurrences = 3, string resolution = ObviousFix, int minutes = 0, params string[] related) => new(
        title, Problem, [Problem + " since Monday"], "The receiver's certificate expired.", resolution, ["Renew the certificate."],
        related.Length > 0 ? related : [$"{title}-1", $"{title}-2", $"{title}-3"], occurrences, accounts, TinyWorld.Reported.AddMinutes(minutes));

    private static SuggestedArticle Article(string caseId, KnowledgeSuggestion suggestion, bool escalated = false) => new(caseId, suggestion, escalated);

    [Fact]
    public void The_latest_suggestion_of_a_cluster_wins_and_other_clusters_stay()
    {
        var first = Article("case_a3", Suggestion("tls", minutes: 0, related: ["case_a1", "case_a2", "case_a3"]));
        var later = Article("case_a4", Suggestion("tls", minutes: 5, related: ["case_a4", "case_a1", "case_a2", "case_a3"]));
        var other = Article("case_b3", Suggestion("proxy", minutes: 2, related: ["case_b1", "case_b2", "case_b3"]));
        // Shares one borderline case of four with the first cluster: another cluster.
        var borderline = Article("case_c4", Suggestion("export", minutes: 1, related: ["case_c1", "case_c2", "case_c3", "case_a1"]));

        var kept = SuggestedArticles.LatestPerCluster([first, other, later, borderline]);

        Assert.Equal(["case_a4", "case_b3", "case_c4"], kept.Select(k => k.CaseId));
    }

    [Fact]
    public void Several_customers_come_first_then_non_obvious_fixes_then_occurrences_then_the_newest()
    {
        var ranked = SuggestedArticles.Rank(
        [
            Article("case_1", Suggestion("one customer, often", accounts: 1, occurrences: 9)),
            Article("case_2", Suggestion("one customer, hidden fix", accounts: 1, occurrences: 3, resolution: HiddenFix)),
            Article("case_3", Suggestion("two customers", accounts: 2, occurrences: 3)),
            Article("case_4", Suggestion("one customer, escalated", accounts: 1, occurrences: 4), escalated: true),
            Article("case_5", Suggestion("one customer, older", accounts: 1, occurrences: 5, minutes: -10)),
            Article("case_6", Suggestion("one customer, newer", accounts: 1, occurrences: 5, minutes: 10)),
            Article("case_7", Suggestion("four customers, hidden fix", accounts: 4, occurrences: 3, resolution: HiddenFix)),
        ]);

        Assert.Equal(
            ["four customers, hidden fix", "two customers", "one customer, escalated", "one customer, hidden fix", "one customer, often", "one customer, newer", "one customer, older"],
            ranked.Select(r => r.Suggestion.Title));
    }

    [Theory]
    [InlineData(ObviousFix, false, false)]        // renew, expired, tls, certificate, webhook, receiver: 2 of 6 words in the report
    [InlineData(HiddenFix, false, true)]          // nothing of the report in the fix
    [InlineData(ObviousFix, true, true)]          // escalated: needed more than the first line
    public void A_fix_is_non_obvious_when_the_report_does_not_point_to_it_or_the_case_was_escalated(string resolution, bool escalated, bool nonObvious)
    {
        var article = Article("case_1", Suggestion("t", resolution: resolution), escalated);

        Assert.Equal(nonObvious, SuggestedArticles.IsNonObvious(article));
        Assert.Equal(nonObvious, article.NonObvious);
    }

    [Fact]
    public void The_markdown_draft_has_every_section_in_order_and_keeps_list_items_on_one_line()
    {
        var suggestion = new KnowledgeSuggestion(
            "Webhooks: The receiver's certificate expired", Problem, ["Deliveries fail\nwith TLS errors", "Retries pile up"], "The receiver's certificate expired.",
            "Renew the certificate. Replay the failed deliveries", ["Renew the certificate.", "Replay the failed deliveries.", "Verify: Deliveries succeed again."],
            ["case_1", "case_2", "case_3"], 3, 2, TinyWorld.Reported);

        var markdown = SuggestedArticles.ToMarkdown(suggestion);

        Assert.StartsWith("# Webhooks: The receiver's certificate expired\n", markdown, StringComparison.Ordinal);
        var headings = markdown.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["## Problem", "## Symptoms", "## Cause", "## Resolution", "## Steps", "## Related cases"], headings);
        Assert.Contains("## Problem\n\nWebhook deliveries fail with a TLS handshake error\n", markdown, StringComparison.Ordinal);
        Assert.Contains("- Deliveries fail with TLS errors\n- Retries pile up\n", markdown, StringComparison.Ordinal);
        Assert.Contains("1. Renew the certificate.\n2. Replay the failed deliveries.\n3. Verify: Deliveries succeed again.\n", markdown, StringComparison.Ordinal);
        Assert.EndsWith("## Related cases\n\n- case_1\n- case_2\n- case_3\n", markdown, StringComparison.Ordinal);
        Assert.Contains("3 resolved cases; 2 customers affected", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_list_in_the_draft_says_so_and_one_customer_is_singular()
    {
        var markdown = SuggestedArticles.ToMarkdown(Suggestion("t", accounts: 1) with { Symptoms = [] });

        Assert.Contains("## Symptoms\n\nNone recorded.\n", markdown, StringComparison.Ordinal);
        Assert.Contains("3 resolved cases; 1 customer affected", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_suggestions_leave_out_a_cluster_an_article_now_answers_without_bringing_back_its_older_draft()
    {
        var store = Substitute.For<ICaseStore>();
        var answered = Suggestion("answered", minutes: 5, related: ["case_a1", "case_a2", "case_a3", "case_a4"]) with { Cause = "The signing secret was rotated." };
        var olderOfAnswered = Suggestion("answered, older", minutes: 0, related: ["case_a1", "case_a2", "case_a3"]) with { Cause = "A secret rotation broke signatures." };
        var open = Suggestion("open", minutes: 1, related: ["case_b1", "case_b2", "case_b3"]);
        store.ListSuggestedArticlesAsync(Arg.Any<CancellationToken>()).Returns([Article("case_a3", olderOfAnswered), Article("case_a4", answered), Article("case_b3", open)]);
        var kb = Substitute.For<IKnowledgeBase>();
        var article = new KnowledgeArticle("kb-040", "Signing secret rotated", [], [], "When the signing secret was rotated, update the receiver.", "");
        kb.SearchAsync(Arg.Any<string>(), Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(Array.Empty<KnowledgeHit>());
        kb.SearchAsync(Arg.Is<string>(q => q.Contains("signing secret", StringComparison.Ordinal)), Arg.Any<int>(), Arg.Any<CancellationToken>())
            .Returns([new KnowledgeHit(article, "Rotation", "…", 12.5)]);
        var finder = new KnowledgeGapFinder(Substitute.For<ICaseMemory>(), kb);

        var listed = await SuggestedArticles.ListOpenAsync(store, finder, CancellationToken.None);

        Assert.Equal(["case_b3"], listed.Select(l => l.CaseId));
    }
}
